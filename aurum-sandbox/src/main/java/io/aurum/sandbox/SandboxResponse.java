package io.aurum.sandbox;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** A complete answer of an emulator before fault injection damages it. */
public record SandboxResponse(
    int status, String contentType, Map<String, String> headers, byte[] body) {

  public SandboxResponse {
    headers = Map.copyOf(headers);
  }

  public static SandboxResponse json(int status, byte[] body) {
    return new SandboxResponse(status, "application/json; charset=utf-8", Map.of(), body);
  }

  public static SandboxResponse json(int status, String body) {
    return json(status, body.getBytes(StandardCharsets.UTF_8));
  }

  public SandboxResponse withHeader(String name, String value) {
    Map<String, String> h = new java.util.HashMap<>(headers);
    h.put(name, value);
    return new SandboxResponse(status, contentType, h, body);
  }
}
