package io.aurum.app.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurum.app.cli.CliContext;
import io.aurum.app.cli.CommonOptions;
import io.aurum.app.testing.CliFixture;
import io.aurum.app.wiring.AppContext;
import io.aurum.app.wiring.Locations;
import java.io.FileInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Clock;
import java.util.Base64;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS with a PEM certificate and key made here by keytool: served, and only over TLS. */
class TlsServerTest {
  @TempDir Path tmp;

  @Test
  void the_server_speaks_https_with_a_pem_certificate_and_key() throws Exception {
    Path p12 = tmp.resolve("ks.p12");
    Process keytool =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-alias",
                "aurum",
                "-keystore",
                p12.toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                "changeit",
                "-dname",
                "CN=localhost",
                "-ext",
                "SAN=dns:localhost,ip:127.0.0.1",
                "-validity",
                "2")
            .redirectErrorStream(true)
            .start();
    assertThat(keytool.waitFor()).as(new String(keytool.getInputStream().readAllBytes())).isZero();
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (var in = new FileInputStream(p12.toFile())) {
      ks.load(in, "changeit".toCharArray());
    }
    Certificate cert = ks.getCertificate("aurum");
    Base64.Encoder pem = Base64.getMimeEncoder(64, "\n".getBytes());
    Path certFile = tmp.resolve("cert.pem");
    Path keyFile = tmp.resolve("key.pem");
    Files.writeString(
        certFile,
        "-----BEGIN CERTIFICATE-----\n"
            + pem.encodeToString(cert.getEncoded())
            + "\n-----END CERTIFICATE-----\n");
    Files.writeString(
        keyFile,
        "-----BEGIN PRIVATE KEY-----\n"
            + pem.encodeToString(ks.getKey("aurum", "changeit".toCharArray()).getEncoded())
            + "\n-----END PRIVATE KEY-----\n");

    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("aurum", cert);
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(null, tmf.getTrustManagers(), null);
    HttpClient client = HttpClient.newBuilder().sslContext(ssl).build();

    try (CliFixture fx = new CliFixture(tmp.resolve("fx"), false, 1000, 4)) {
      StringWriter sink = new StringWriter();
      CliContext cli =
          new CliContext(fx.env(), new PrintWriter(sink), new PrintWriter(sink), Clock.systemUTC());
      try (AppContext app = AppContext.create(cli, Locations.resolve(new CommonOptions(), cli));
          AurumServer server =
              AurumServer.start(
                  new Api(app), new ServerOptions("127.0.0.1", 0, certFile, keyFile))) {
        HttpResponse<String> r =
            client.send(
                HttpRequest.newBuilder(
                        URI.create("https://localhost:" + server.port() + "/health/live"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("up");
        assertThatThrownBy(
                () ->
                    HttpClient.newHttpClient()
                        .send(
                            HttpRequest.newBuilder(
                                    URI.create(
                                        "http://127.0.0.1:" + server.port() + "/health/live"))
                                .build(),
                            HttpResponse.BodyHandlers.ofString())
                        .statusCode())
            .as("plain HTTP on the TLS port")
            .isNotNull();
      }
    }
  }
}
