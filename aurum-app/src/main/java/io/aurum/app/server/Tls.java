package io.aurum.app.server;

import io.aurum.core.error.AurumException;
import io.javalin.config.JavalinConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * HTTPS from a PEM certificate chain and a PEM (PKCS#8) private key: Jetty's one connector is then
 * a TLS one on the same address and port, so nothing is served in plain text.
 */
public final class Tls {
  private static final Pattern PKCS8 =
      Pattern.compile("-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");
  private static final char[] NO_PASSWORD = "aurum".toCharArray();

  private Tls() {}

  static void apply(JavalinConfig config, ServerOptions options) {
    if (!options.tls()) {
      return;
    }
    KeyStore keys = keyStore(options.tlsCert(), options.tlsKey());
    config.jetty.addConnector(
        (server, http) -> {
          SslContextFactory.Server ssl = new SslContextFactory.Server();
          ssl.setKeyStore(keys);
          ssl.setKeyStorePassword(new String(NO_PASSWORD));
          HttpConfiguration https = new HttpConfiguration(http);
          https.addCustomizer(new SecureRequestCustomizer(false));
          ServerConnector c =
              new ServerConnector(
                  server,
                  new SslConnectionFactory(ssl, "http/1.1"),
                  new HttpConnectionFactory(https));
          c.setHost(options.bind());
          c.setPort(options.port());
          return c;
        });
  }

  /** The key store of {@code cert} and {@code key}; refuses (exit 2 or 3) what cannot be used. */
  public static KeyStore keyStore(Path cert, Path key) {
    String certText = read(cert, "--tls-cert");
    String keyText = read(key, "--tls-key");
    try {
      Certificate[] chain =
          CertificateFactory.getInstance("X.509")
              .generateCertificates(new ByteArrayInputStream(certText.getBytes()))
              .toArray(Certificate[]::new);
      if (chain.length == 0) {
        throw new AurumException.BadInput(
            "--tls-cert "
                + cert
                + " holds no PEM certificate: give the server's certificate chain");
      }
      Matcher m = PKCS8.matcher(keyText);
      if (!m.find()) {
        throw new AurumException.BadInput(
            "--tls-key "
                + key
                + " is not a PEM PKCS#8 private key (BEGIN PRIVATE KEY): convert it with"
                + " openssl pkcs8 -topk8 -nocrypt");
      }
      byte[] der = Base64.getMimeDecoder().decode(m.group(1));
      String algorithm = chain[0].getPublicKey().getAlgorithm();
      PrivateKey pk =
          KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setKeyEntry("aurum", pk, NO_PASSWORD, chain);
      return ks;
    } catch (GeneralSecurityException | IOException | IllegalArgumentException e) {
      throw new AurumException.BadInput(
          "--tls-cert "
              + cert
              + " and --tls-key "
              + key
              + " do not make a key pair ("
              + e.getMessage()
              + "): give the certificate and its own private key, both PEM");
    }
  }

  private static String read(Path file, String option) {
    if (!Files.isRegularFile(file)) {
      throw new AurumException.NotFound(option + " " + file + " does not exist: give a PEM file");
    }
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new AurumException.BadInput(option + " " + file + " cannot be read: " + e.getMessage());
    }
  }
}
