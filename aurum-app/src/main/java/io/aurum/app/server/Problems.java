package io.aurum.app.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aurum.app.cli.CliVocabulary;
import io.aurum.core.error.AurumException;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where errors become HTTP: RFC 9457 problem JSON ({@code application/problem+json})
 * whose {@code detail} is the command line's one-line message, with the CLI's exit code and the
 * error's kind as extension members. Exit code 2 (bad input) is 400, 3 (not found) 404, 4 (refused
 * by state) 409, 5 (a validation below its threshold) 422, 1 (failed) 500. No stack trace leaves
 * the server; unexpected errors are logged with theirs.
 */
public final class Problems {
  public static final String MEDIA_TYPE = "application/problem+json";
  private static final Logger LOG = LoggerFactory.getLogger(Problems.class);

  private Problems() {}

  /** The HTTP status of a CLI exit code. */
  public static int status(int exitCode) {
    return switch (exitCode) {
      case 2 -> 400;
      case 3 -> 404;
      case 4 -> 409;
      case 5 -> 422;
      default -> 500;
    };
  }

  static String kind(int exitCode) {
    return switch (exitCode) {
      case 1 -> "operation_failed";
      case 2 -> "bad_input";
      case 3 -> "not_found";
      case 4 -> "illegal_state";
      case 5 -> "validation_failed";
      default -> "internal";
    };
  }

  static String title(int status) {
    return switch (status) {
      case 400 -> "Bad request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not found";
      case 409 -> "Conflict with the state of things";
      case 422 -> "Validation failed";
      case 429 -> "Too many requests";
      case 503 -> "Not ready";
      default -> "Internal error";
    };
  }

  static void aurum(AurumException e, Context ctx) {
    int status = status(e.exitCode());
    if (status == 500) {
      LOG.warn("{} {} failed: {}", ctx.method(), ctx.path(), e.getMessage(), e);
    }
    write(ctx, status, kind(e.exitCode()), e.exitCode(), e.message(CliVocabulary.INSTANCE));
  }

  static void http(HttpProblem e, Context ctx) {
    if (e.retryAfterSeconds != null) {
      ctx.header("Retry-After", e.retryAfterSeconds);
    }
    if (e.status == 401) {
      ctx.header("WWW-Authenticate", "Bearer realm=\"aurum\"");
    }
    write(ctx, e.status, e.kind, e.exitCode, e.getMessage());
  }

  static void unexpected(Exception e, Context ctx) {
    LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
    write(
        ctx,
        500,
        "internal",
        1,
        "internal error: " + e.getClass().getSimpleName() + " (see the server's log)");
  }

  /** Writes one problem document; {@code detail} is one line. */
  static void write(Context ctx, int status, String kind, int exitCode, String detail) {
    ObjectNode n = Json.MAPPER.createObjectNode();
    n.put("type", "urn:aurum:problem:" + kind);
    n.put("title", title(status));
    n.put("status", status);
    n.put("detail", detail == null ? null : detail.replaceAll("\\s*\\R\\s*", " ").trim());
    n.put("instance", ctx.path());
    n.put("exit_code", exitCode);
    n.put("kind", kind);
    ctx.status(status).contentType(MEDIA_TYPE).result(n.toString());
  }
}
