package io.aurum.app.testing;

import java.io.FileInputStream;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.subethamail.smtp.auth.EasyAuthenticationHandlerFactory;
import org.subethamail.smtp.server.SMTPServer;

/**
 * A real SMTP server in this JVM (SubEthaSMTP) that offers STARTTLS with a self-signed certificate
 * made for the test by keytool, and requires it (and, when given, a login) before it takes mail. A
 * delivered message therefore went over TLS.
 */
public final class StartTlsSmtp implements AutoCloseable {
  public static final String USER = "aurum-alerts";
  public static final String PASSWORD = "sm7p-Pa55word-secret";

  /** A message as received: envelope and raw text. */
  public record Mail(String from, String to, String data) {}

  private final SMTPServer server;
  public final List<Mail> mails = new CopyOnWriteArrayList<>();

  /** With {@code tls} false the server offers no STARTTLS at all (a relay Aurum must refuse). */
  public StartTlsSmtp(Path dir, boolean tls) throws Exception {
    SMTPServer.Builder b =
        SMTPServer.port(0)
            .bindAddress(java.net.InetAddress.getLoopbackAddress())
            .hostName("localhost")
            .messageHandler(
                (ctx, from, to, data) ->
                    mails.add(
                        new Mail(
                            from, to, new String(data, java.nio.charset.StandardCharsets.UTF_8))))
            .authenticationHandlerFactory(
                new EasyAuthenticationHandlerFactory(
                    (user, password, context) -> {
                      if (!USER.equals(user) || !PASSWORD.equals(password)) {
                        throw new org.subethamail.smtp.auth.LoginFailedException();
                      }
                    }))
            .requireAuth();
    if (tls) {
      b.enableTLS().requireTLS().startTlsSocketFactory(sslContext(dir));
    }
    server = b.build();
    server.start();
  }

  public int port() {
    return server.getPortAllocated();
  }

  /** The environment that points Aurum's e-mail channel here. */
  public Map<String, String> env() {
    return Map.of(
        "AURUM_SMTP_HOST", "127.0.0.1",
        "AURUM_SMTP_PORT", Integer.toString(port()),
        "AURUM_SMTP_USER", USER,
        "AURUM_SMTP_PASSWORD", PASSWORD,
        "AURUM_SMTP_FROM", "aurum@example.org",
        "AURUM_SMTP_TO", "oncall@example.org",
        "AURUM_SMTP_SSL_TRUST", "127.0.0.1");
  }

  private static SSLContext sslContext(Path dir) throws Exception {
    Path ks = dir.resolve("smtp-test.p12");
    char[] pw = "changeit".toCharArray();
    if (!ks.toFile().exists()) {
      Process p =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                  "-genkeypair",
                  "-alias",
                  "smtp",
                  "-keyalg",
                  "RSA",
                  "-keysize",
                  "2048",
                  "-validity",
                  "2",
                  "-dname",
                  "CN=127.0.0.1",
                  "-ext",
                  "SAN=ip:127.0.0.1,dns:localhost",
                  "-storetype",
                  "PKCS12",
                  "-keystore",
                  ks.toString(),
                  "-storepass",
                  "changeit",
                  "-keypass",
                  "changeit")
              .redirectErrorStream(true)
              .start();
      String said = new String(p.getInputStream().readAllBytes());
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException("keytool failed: " + said);
      }
    }
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (var in = new FileInputStream(ks.toFile())) {
      store.load(in, pw);
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(store, pw);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), null, null);
    return ctx;
  }

  @Override
  public void close() {
    server.stop();
  }
}
