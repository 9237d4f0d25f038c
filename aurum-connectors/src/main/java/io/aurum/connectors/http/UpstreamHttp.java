package io.aurum.connectors.http;

import io.aurum.core.error.UpstreamException;
import io.aurum.core.port.FetchContext;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Set;

/**
 * The HTTP client every connector shares: HTTP/1.1 with keep-alive, connect and request timeouts
 * (the request timeout bounds the wait for headers and, through {@link ReadWatchdog}, every read of
 * the body), {@link FetchContext} around each request, streamed bodies with byte counting, and one
 * classification of failures (429 throttled; 5xx, I/O, timeouts, truncated or malformed bodies
 * retryable; other statuses permanent). Messages name the URL with credentials redacted.
 * Thread-safe.
 */
public final class UpstreamHttp {
  /** How much of an error body is read to explain the error. */
  public static final int MAX_ERROR_BODY = 16 * 1024;

  /** Reads a successful body; may throw {@link IOException} for a truncated or malformed body. */
  @FunctionalInterface
  public interface BodyReader<T> {
    T read(InputStream body, String redactedUrl) throws IOException;
  }

  /** Turns a non-2xx answer into a classified error, or null to use the default classification. */
  @FunctionalInterface
  public interface ErrorDecoder {
    UpstreamException decode(int status, String body, Duration retryAfter, String redactedUrl);
  }

  private final HttpClient client;
  private final Duration requestTimeout;
  private final Clock clock;
  private final Set<String> secrets;

  public UpstreamHttp(
      Duration connectTimeout, Duration requestTimeout, Clock clock, Collection<String> secrets) {
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(connectTimeout)
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
    this.requestTimeout = requestTimeout;
    this.clock = clock;
    this.secrets = Set.copyOf(secrets);
  }

  /** GETs {@code uri} and hands the streamed body to {@code reader}. */
  public <T> T get(
      URI uri,
      Map<String, String> headers,
      FetchContext context,
      BodyReader<T> reader,
      ErrorDecoder decoder) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET();
    return send(uri, request, headers, context, reader, decoder);
  }

  /** POSTs a JSON body to {@code uri} and hands the streamed answer to {@code reader}. */
  public <T> T postJson(
      URI uri,
      byte[] json,
      Map<String, String> headers,
      FetchContext context,
      BodyReader<T> reader,
      ErrorDecoder decoder) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(json));
    return send(uri, request, headers, context, reader, decoder);
  }

  private <T> T send(
      URI uri,
      HttpRequest.Builder request,
      Map<String, String> headers,
      FetchContext context,
      BodyReader<T> reader,
      ErrorDecoder decoder) {
    String url = Redaction.redact(uri.toString(), secrets);
    request.timeout(requestTimeout);
    if (!headers.containsKey("Accept")) {
      request.header("Accept", "application/json");
    }
    headers.forEach(request::header);
    context.beforeRequest();
    HttpResponse<InputStream> response;
    try {
      response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (HttpTimeoutException e) {
      context.afterResponse(0);
      throw scrub(
          UpstreamException.retryable(
              "timed out after " + requestTimeout.toSeconds() + " s calling " + url, null));
    } catch (IOException e) {
      context.afterResponse(0);
      throw scrub(
          UpstreamException.retryable("I/O error calling " + url + ": " + describe(e), null));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      context.afterResponse(0);
      throw UpstreamException.retryable("interrupted while calling " + url, null);
    }
    int status = response.statusCode();
    CountingInputStream body =
        new CountingInputStream(new ReadWatchdog(response.body(), requestTimeout));
    try (body) {
      if (status < 200 || status > 299) {
        Duration retryAfter =
            RetryAfter.parse(response.headers().firstValue("Retry-After").orElse(null), clock)
                .orElse(null);
        String text = new String(body.readNBytes(MAX_ERROR_BODY), StandardCharsets.UTF_8);
        UpstreamException decoded =
            decoder == null ? null : decoder.decode(status, text, retryAfter, url);
        throw decoded != null ? decoded : classify(status, retryAfter, url, text);
      }
      return reader.read(body, url);
    } catch (UpstreamException e) {
      throw scrub(e);
    } catch (ReadWatchdog.BodyTimeoutException e) {
      throw scrub(
          UpstreamException.retryable("timed out reading " + url + ": " + e.getMessage(), status));
    } catch (IOException e) {
      throw scrub(
          UpstreamException.retryable(
              "truncated or malformed response from " + url + ": " + describe(e), status));
    } finally {
      context.afterResponse(body.count());
    }
  }

  /** The default classification of a non-2xx status. */
  public static UpstreamException classify(
      int status, Duration retryAfter, String url, String body) {
    String message = "HTTP " + status + " from " + url + snippet(body);
    if (status == 429) {
      return UpstreamException.throttled(message, status, retryAfter);
    }
    if (status >= 500 || status == 408) {
      return UpstreamException.retryable(message, status);
    }
    return UpstreamException.permanent(message, status);
  }

  private static String snippet(String body) {
    if (body == null || body.isBlank()) {
      return "";
    }
    String oneLine = body.replaceAll("\\s+", " ").trim();
    return ": " + (oneLine.length() > 200 ? oneLine.substring(0, 200) + "…" : oneLine);
  }

  private static String describe(IOException e) {
    return e.getMessage() == null
        ? e.getClass().getSimpleName()
        : e.getClass().getSimpleName() + ": " + e.getMessage();
  }

  /** Rebuilds an error with every secret removed from its message. */
  private UpstreamException scrub(UpstreamException e) {
    String clean = Redaction.redact(e.getMessage(), secrets);
    if (clean.equals(e.getMessage())) {
      return e;
    }
    Integer status = e.httpStatus().orElse(null);
    if (e.throttled()) {
      return UpstreamException.throttled(clean, status, e.retryAfter().orElse(null));
    }
    return e.retryable()
        ? UpstreamException.retryable(clean, status)
        : UpstreamException.permanent(clean, status);
  }
}
