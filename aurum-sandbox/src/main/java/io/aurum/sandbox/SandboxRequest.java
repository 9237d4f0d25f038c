package io.aurum.sandbox;

import com.sun.net.httpserver.HttpExchange;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A request as emulators see it: method, decoded path and a multi-valued query whose names and
 * values are percent-decoded (so {@code facets%5Brespondent%5D%5B%5D} arrives as {@code
 * facets[respondent][]}).
 */
public record SandboxRequest(String method, String path, Map<String, List<String>> query) {

  public SandboxRequest {
    Map<String, List<String>> copy = new LinkedHashMap<>();
    query.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    query = java.util.Collections.unmodifiableMap(copy);
  }

  static SandboxRequest from(HttpExchange exchange) {
    return new SandboxRequest(
        exchange.getRequestMethod(),
        exchange.getRequestURI().getPath(),
        parseQuery(exchange.getRequestURI().getRawQuery()));
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
