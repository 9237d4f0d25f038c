package io.aurum.app.server;

/**
 * A refusal of the HTTP layer itself (no token, wrong role, too many failed attempts, no such
 * route, a body that is not JSON): its status and one-line detail, rendered by {@link Problems}.
 */
final class HttpProblem extends RuntimeException {
  final int status;
  final String kind;
  final int exitCode;
  final String retryAfterSeconds;

  HttpProblem(int status, String kind, int exitCode, String detail, String retryAfterSeconds) {
    super(detail);
    this.status = status;
    this.kind = kind;
    this.exitCode = exitCode;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  static HttpProblem unauthorized(String detail) {
    return new HttpProblem(401, "unauthorized", 2, detail, null);
  }

  static HttpProblem forbidden(String detail) {
    return new HttpProblem(403, "forbidden", 2, detail, null);
  }

  static HttpProblem tooManyAttempts(long retryAfterSeconds) {
    return new HttpProblem(
        429,
        "too_many_attempts",
        4,
        "too many failed sign-in attempts from this address: wait "
            + retryAfterSeconds
            + " s, then use a valid token",
        Long.toString(retryAfterSeconds));
  }

  static HttpProblem badBody(String detail) {
    return new HttpProblem(400, "bad_input", 2, detail, null);
  }
}
