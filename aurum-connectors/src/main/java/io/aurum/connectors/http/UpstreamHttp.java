package io.aurum.connectors.http;

import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import io.aurum.connectors.ConnectorSettings;
import io.aurum.connectors.Upstream;
import io.aurum.connectors.UpstreamLimits;
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
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The HTTP client every connector shares: HTTP/1.1 with keep-alive, {@link FetchContext} around
 * each request, streamed bodies with byte counting, and one classification of failures (429
 * throttled; 5xx, I/O, truncated or malformed bodies retryable; other statuses permanent). Each
 * request is bounded by its upstream's {@link UpstreamLimits}: one overall deadline for connect,
 * headers and the whole body (retryable when it passes), a body size limit (checked against {@code
 * Content-Length} first, then while reading; permanent), and a cap on {@code Retry-After} (beyond
 * it the error says so, {@link UpstreamException#beyondRetryCap}, and the engine pauses). Messages
 * name the URL with credentials redacted. Thread-safe.
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
  private final Map<Upstream, UpstreamLimits> limits;
  private final Clock clock;
  private final Set<String> secrets;

  /** A client with each upstream's limits, connect timeout and secrets from {@code settings}. */
  public UpstreamHttp(ConnectorSettings settings, Clock clock) {
    this(settings.connectTimeout(), limitsOf(settings), clock, settings.secrets());
  }

  /** A client whose every upstream has the default limits but {@code deadline}. */
  public UpstreamHttp(
      Duration connectTimeout, Duration deadline, Clock clock, Collection<String> secrets) {
    this(connectTimeout, sameFor(UpstreamLimits.DEFAULTS.withDeadline(deadline)), clock, secrets);
  }

  private UpstreamHttp(
      Duration connectTimeout,
      Map<Upstream, UpstreamLimits> limits,
      Clock clock,
      Collection<String> secrets) {
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(connectTimeout)
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
    this.limits = new EnumMap<>(limits);
    this.clock = clock;
    this.secrets = Set.copyOf(secrets);
  }

  private static Map<Upstream, UpstreamLimits> limitsOf(ConnectorSettings settings) {
    Map<Upstream, UpstreamLimits> out = new EnumMap<>(Upstream.class);
    for (Upstream u : Upstream.values()) {
      out.put(u, settings.limits(u));
    }
    return out;
  }

  private static Map<Upstream, UpstreamLimits> sameFor(UpstreamLimits l) {
    Map<Upstream, UpstreamLimits> out = new EnumMap<>(Upstream.class);
    for (Upstream u : Upstream.values()) {
      out.put(u, l);
    }
    return out;
  }

  /** GETs {@code uri} of {@code upstream} and hands the streamed body to {@code reader}. */
  public <T> T get(
      Upstream upstream,
      URI uri,
      Map<String, String> headers,
      FetchContext context,
      BodyReader<T> reader,
      ErrorDecoder decoder) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET();
    return send(upstream, uri, request, headers, context, reader, decoder);
  }

  /** POSTs a JSON body to {@code uri} and hands the streamed answer to {@code reader}. */
  public <T> T postJson(
      Upstream upstream,
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
    return send(upstream, uri, request, headers, context, reader, decoder);
  }

  private <T> T send(
      Upstream upstream,
      URI uri,
      HttpRequest.Builder request,
      Map<String, String> headers,
      FetchContext context,
      BodyReader<T> reader,
      ErrorDecoder decoder) {
    String url = Redaction.redact(uri.toString(), secrets);
    UpstreamLimits l = limits.get(upstream);
    String name = upstream.name().toLowerCase(Locale.ROOT);
    if (!headers.containsKey("Accept")) {
      request.header("Accept", "application/json");
    }
    headers.forEach(request::header);
    context.beforeRequest();
    // One deadline from here (after the rate limiter let the request go) to the body's last byte.
    long start = System.nanoTime();
    long deadline = start + l.deadline().toNanos();
    request.timeout(l.deadline());
    HttpResponse<InputStream> response;
    try {
      response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (HttpTimeoutException e) {
      context.afterResponse(0);
      context.responded(0, Duration.ofNanos(System.nanoTime() - start));
      throw scrub(missedDeadline(l, name, url, "waiting for the headers", start));
    } catch (IOException e) {
      context.afterResponse(0);
      context.responded(0, Duration.ofNanos(System.nanoTime() - start));
      throw scrub(
          UpstreamException.retryable("I/O error calling " + url + ": " + describe(e), null));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      context.afterResponse(0);
      context.responded(0, Duration.ofNanos(System.nanoTime() - start));
      throw UpstreamException.retryable("interrupted while calling " + url, null);
    }
    int status = response.statusCode();
    RequestDeadline timed = new RequestDeadline(response.body(), deadline);
    CountingInputStream body =
        new CountingInputStream(
            timed, l.maxBodyBytes(), "the response body of " + url, "max_body_bytes of " + name);
    try (body) {
      if (status < 200 || status > 299) {
        String header = response.headers().firstValue("Retry-After").orElse(null);
        Duration retryAfter = RetryAfter.parse(header, clock).orElse(null);
        String text = new String(body.readNBytes(MAX_ERROR_BODY), StandardCharsets.UTF_8);
        UpstreamException decoded =
            decoder == null ? null : decoder.decode(status, text, retryAfter, url);
        UpstreamException e = decoded != null ? decoded : classify(status, retryAfter, url, text);
        throw capRetryAfter(e, header, retryAfter, l, name);
      }
      long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
      if (declared > l.maxBodyBytes()) {
        throw new SizeLimitExceeded(
            "the response body of "
                + url
                + " is "
                + declared
                + " bytes, larger than "
                + UpstreamLimits.bytes(l.maxBodyBytes())
                + " (max_body_bytes of "
                + name
                + ")");
      }
      return reader.read(body, url);
    } catch (UpstreamException e) {
      if (timed.expired() && e.retryable()) {
        throw scrub(missedDeadline(l, name, url, "reading the body", start));
      }
      throw scrub(e);
    } catch (IOException | RuntimeException e) {
      SizeLimitExceeded tooLarge = SizeLimitExceeded.in(e);
      if (tooLarge != null) {
        throw scrub(
            UpstreamException.permanent(
                tooLarge.getMessage() + ": not retried, the task fails [" + url + "]", status));
      }
      if (timed.expired()) {
        throw scrub(missedDeadline(l, name, url, "reading the body", start));
      }
      if (e instanceof StreamConstraintsException c) {
        throw scrub(
            UpstreamException.permanent(
                "the response body of " + url + " exceeds a JSON limit: " + c.getOriginalMessage(),
                status));
      }
      if (e instanceof RuntimeException r) {
        throw r;
      }
      throw scrub(
          UpstreamException.retryable(
              "truncated or malformed response from " + url + ": " + describe((IOException) e),
              status));
    } finally {
      context.afterResponse(body.count());
      context.responded(status, Duration.ofNanos(System.nanoTime() - start));
    }
  }

  private static UpstreamException missedDeadline(
      UpstreamLimits l, String name, String url, String phase, long start) {
    return UpstreamException.retryable(
        "timed out after "
            + seconds(Duration.ofNanos(System.nanoTime() - start))
            + " "
            + phase
            + " of "
            + url
            + ": the request's deadline is "
            + seconds(l.deadline())
            + " (deadline_seconds of "
            + name
            + ")",
        null);
  }

  /**
   * An error whose {@code Retry-After} asks for more than the cap: the engine then opens the
   * source's breaker and pauses the operation instead of waiting.
   */
  private UpstreamException capRetryAfter(
      UpstreamException e, String header, Duration retryAfter, UpstreamLimits l, String name) {
    if (retryAfter == null || !e.retryable() || retryAfter.compareTo(l.maxRetryAfter()) <= 0) {
      return e;
    }
    String shown = header.length() > 64 ? header.substring(0, 64) + "…" : header;
    return UpstreamException.beyondRetryCap(
        e.getMessage()
            + "; it asks to wait "
            + human(retryAfter)
            + " (until "
            + clock.instant().plus(retryAfter).truncatedTo(ChronoUnit.SECONDS)
            + "; Retry-After: "
            + shown.replaceAll("\\p{Cntrl}", "?")
            + "), more than the "
            + human(l.maxRetryAfter())
            + " cap (max_retry_after_seconds of "
            + name
            + ")",
        e.httpStatus().orElse(null),
        retryAfter);
  }

  /** A duration as people say it: {@code 90 s}, {@code 20 min}, {@code 5 h}, {@code 74 years}. */
  static String human(Duration d) {
    long s = d.getSeconds();
    if (s < 120) {
      return seconds(d);
    }
    if (s < 2 * 3600) {
      return s / 60 + " min";
    }
    if (s < 2 * 86_400) {
      return s / 3600 + " h";
    }
    if (s < 2 * 365 * 86_400L) {
      return s / 86_400 + " days";
    }
    return s / (365 * 86_400L) + " years";
  }

  private static String seconds(Duration d) {
    long ms = d.toMillis();
    return ms % 1000 == 0 ? ms / 1000 + " s" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
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
    if (e.beyondRetryCap()) {
      return UpstreamException.beyondRetryCap(clean, status, e.retryAfter().orElse(null));
    }
    if (e.throttled()) {
      return UpstreamException.throttled(clean, status, e.retryAfter().orElse(null));
    }
    return e.retryable()
        ? UpstreamException.retryable(clean, status)
        : UpstreamException.permanent(clean, status);
  }
}
