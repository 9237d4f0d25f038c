package io.aurum.app.server;

import java.nio.file.Path;

/**
 * Where {@code aurum serve} listens: the address (127.0.0.1 unless told otherwise), the port, and
 * for HTTPS a PEM certificate chain and its PEM private key (both or neither).
 */
public record ServerOptions(String bind, int port, Path tlsCert, Path tlsKey) {
  public static final String DEFAULT_BIND = "127.0.0.1";
  public static final int DEFAULT_PORT = 8080;

  public static ServerOptions local(int port) {
    return new ServerOptions(DEFAULT_BIND, port, null, null);
  }

  public boolean tls() {
    return tlsCert != null;
  }
}
