package io.aurum.app.server;

import io.aurum.core.model.Role;
import io.aurum.core.port.TokenRepository.StoredToken;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The role check of every route: a bearer token ({@code Authorization: Bearer aurum_…}) names an
 * active token through {@link VerifiedTokens} (the store asked once a second per token), whose role
 * must cover the route's least. Failed attempts (a token presented that is not an active one) are
 * counted per client address in a token bucket ({@link #FAILURES} per minute); once it is empty
 * every attempt from that address is refused with 429 and {@code Retry-After} until it refills, so
 * a token cannot be guessed by trying. Thread-safe.
 */
final class Auth {
  /** Failed attempts an address may make per minute. */
  static final int FAILURES = 10;

  static final String TOKEN = "aurum.token";

  /** The console's session cookie (HttpOnly, SameSite=Strict): the token the login page took. */
  static final String COOKIE = "aurum_session";

  /** The header the console's scripts send with every change they make through the session. */
  static final String CONSOLE_HEADER = "X-Aurum-Console";

  /** Addresses remembered before those with a full bucket are forgotten. */
  private static final int MAX_ADDRESSES = 10_000;

  private final VerifiedTokens tokens;
  private final Map<String, Bucket> failures = new ConcurrentHashMap<>();

  Auth(VerifiedTokens tokens) {
    this.tokens = tokens;
  }

  /** Lets the request through for {@code route}, or throws the problem that refuses it. */
  void check(Context ctx, Route route) {
    if (route.open()) {
      return;
    }
    Bucket bucket = failures.get(ctx.ip());
    if (bucket != null && bucket.getAvailableTokens() <= 0) {
      throw tooMany(bucket);
    }
    String header = ctx.header("Authorization");
    String cookie = ctx.cookie(COOKIE);
    if ((header == null || header.isBlank()) && cookie != null && !cookie.isBlank()) {
      // The console's session: a cookie a script cannot read; a cross-site page cannot send the
      // header a change needs without the browser asking this server first (CORS), and it says no.
      if (ctx.method() != io.javalin.http.HandlerType.GET && ctx.header(CONSOLE_HEADER) == null) {
        throw HttpProblem.forbidden(
            "a change from the console session needs the " + CONSOLE_HEADER + " header");
      }
      header = "Bearer " + cookie;
    }
    if (header == null || header.isBlank()) {
      // Asking without a token guesses nothing: it is not a failed attempt.
      throw HttpProblem.unauthorized(
          "no token: send Authorization: Bearer TOKEN (make one with aurum tokens create)");
    }
    if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw failed(
          ctx, "the Authorization header is not a bearer token: send Authorization: Bearer TOKEN");
    }
    StoredToken token =
        tokens
            .authenticate(header.substring(7).trim())
            .orElseThrow(
                () ->
                    failed(
                        ctx,
                        "the token is not an active token: check it, or make another with aurum tokens create"));
    if (!token.role().covers(route.least())) {
      throw HttpProblem.forbidden(
          "token "
              + token.name()
              + " is "
              + token.role().cliName()
              + "; "
              + route
              + " needs "
              + route.least().cliName()
              + ": use a token with that role");
    }
    ctx.attribute(TOKEN, token);
  }

  /** Who acts, for the audit log: {@code token:NAME}. */
  static String actor(Context ctx) {
    StoredToken t = ctx.attribute(TOKEN);
    return t == null ? "anonymous" : "token:" + t.name();
  }

  static Role role(Context ctx) {
    StoredToken t = ctx.attribute(TOKEN);
    return t == null ? null : t.role();
  }

  private HttpProblem failed(Context ctx, String detail) {
    if (failures.size() > MAX_ADDRESSES) {
      // Addresses whose bucket has refilled have nothing to remember.
      failures.values().removeIf(b -> b.getAvailableTokens() >= FAILURES);
    }
    Bucket bucket =
        failures.computeIfAbsent(
            ctx.ip(),
            ip ->
                Bucket.builder()
                    .addLimit(
                        l -> l.capacity(FAILURES).refillGreedy(FAILURES, Duration.ofMinutes(1)))
                    .build());
    ConsumptionProbe p = bucket.tryConsumeAndReturnRemaining(1);
    return p.isConsumed() ? HttpProblem.unauthorized(detail) : tooMany(bucket);
  }

  private static HttpProblem tooMany(Bucket bucket) {
    long nanos = bucket.estimateAbilityToConsume(1).getNanosToWaitForRefill();
    return HttpProblem.tooManyAttempts(Math.max(1, Duration.ofNanos(nanos).toSeconds() + 1));
  }
}
