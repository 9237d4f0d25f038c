package io.aurum.sandbox;

import com.sun.net.httpserver.HttpExchange;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A request as emulators see it: method, decoded path, a multi-valued query whose names and values
 * are percent-decoded (so {@code facets%5Brespondent%5D%5B%5D} arrives as {@code
 * facets[respondent][]}), headers (lower-case names, first value) and the request body.
 */
public record SandboxRequest(
    String method,
    String path,
    Map<String, List<String>> query,
    Map<String, String> headers,
    byte[] body) {

  public SandboxRequest {
    Map<String, List<String>> copy = new LinkedHashMap<>();
    query.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    query = java.util.Collections.unmodifiableMap(copy);
    Map<String, String> h = new LinkedHashMap<>();
    headers.forEach((k, v) -> h.put(k.toLowerCase(java.util.Locale.ROOT), v));
    headers = java.util.Collections.unmodifiableMap(h);
    body = body == null ? new byte[0] : body;
  }

  public SandboxRequest(String method, String path, Map<String, List<String>> query) {
    this(method, path, query, Map.of(), new byte[0]);
  }

  static SandboxRequest from(HttpExchange exchange) {
    return from(exchange, new byte[0]);
  }

  static SandboxRequest from(HttpExchange exchange, byte[] body) {
    Map<String, String> headers = new LinkedHashMap<>();
    exchange
        .getRequestHeaders()
        .forEach((k, v) -> headers.put(k, v == null || v.isEmpty() ? "" : v.get(0)));
    return new SandboxRequest(
        exchange.getRequestMethod(),
        exchange.getRequestURI().getPath(),
        parseQuery(exchange.getRequestURI().getRawQuery()),
        headers,
        body);
  }

  /** A header's value (name case-insensitive), or null. */
  public String header(String name) {
    return headers.get(name.toLowerCase(java.util.Locale.ROOT));
  }

  /** The body as UTF-8 text. */
  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /** Parses a raw (still percent-encoded) query string. */
  public static Map<String, List<String>> parseQuery(String rawQuery) {
    Map<String, List<String>> params = new LinkedHashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return params;
    }
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      params.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
    }
    return params;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  /** The first value of a parameter, or null. */
  public String first(String name) {
    List<String> values = query.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  public List<String> all(String name) {
    return query.getOrDefault(name, List.of());
  }

  public boolean has(String name) {
    return query.containsKey(name);
  }
}
