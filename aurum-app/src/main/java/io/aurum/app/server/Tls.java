package io.aurum.app.server;

import io.javalin.config.JavalinConfig;

/** HTTPS for {@code aurum serve}: not built into the server yet; see docs/server.md (a proxy). */
final class Tls {
  private Tls() {}

  static void apply(JavalinConfig config, ServerOptions options) {
    if (options.tls()) {
      throw new io.aurum.core.error.AurumException.BadInput(
          "TLS is not served by aurum serve yet: put it behind a TLS-terminating proxy (docs/server.md)");
    }
  }
}
