package io.aurum.app.alerts;

import io.aurum.core.alert.Notice;
import io.aurum.core.error.AurumException;
import jakarta.mail.Authenticator;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.Date;
import java.util.Properties;

/**
 * Alert e-mail over SMTP with STARTTLS required (Jakarta Mail, Eclipse Angus): a relay that does
 * not offer STARTTLS is refused rather than sent to in clear. Errors never hold the password.
 * Thread-safe.
 */
final class EmailChannel {
  private final ChannelSettings settings;

  EmailChannel(ChannelSettings settings) {
    this.settings = settings;
  }

  void send(Notice n) {
    ChannelSettings.Smtp s = settings.smtp();
    Properties p = new Properties();
    p.put("mail.smtp.host", s.host());
    p.put("mail.smtp.port", Integer.toString(s.port()));
    p.put("mail.smtp.starttls.enable", "true");
    p.put("mail.smtp.starttls.required", "true");
    p.put("mail.smtp.ssl.checkserveridentity", "true");
    p.put("mail.smtp.connectiontimeout", "10000");
    p.put("mail.smtp.timeout", "10000");
    p.put("mail.smtp.writetimeout", "10000");
    if (s.sslTrust() != null) {
      p.put("mail.smtp.ssl.trust", s.sslTrust());
    }
    Authenticator auth = null;
    if (s.user() != null) {
      p.put("mail.smtp.auth", "true");
      auth =
          new Authenticator() {
            @Override
            protected PasswordAuthentication getPasswordAuthentication() {
              return new PasswordAuthentication(s.user(), s.password());
            }
          };
    }
    try {
      MimeMessage m = new MimeMessage(Session.getInstance(p, auth));
      m.setFrom(new InternetAddress(s.from()));
      m.setRecipients(Message.RecipientType.TO, InternetAddress.parse(s.to()));
      m.setSubject("[Aurum] " + firstLine(n.summary()), "UTF-8");
      m.setSentDate(Date.from(n.at()));
      m.setHeader("X-Aurum-Dedup-Key", n.dedupKey());
      m.setText(
          n.summary()
              + "\n\nalert: "
              + n.dedupKey()
              + "\naction: "
              + n.action().id()
              + "\nseverity: "
              + n.severity()
              + "\nat: "
              + n.at()
              + "\n\nSee aurum alerts list and aurum alerts history.\n",
          "UTF-8");
      Transport.send(m);
    } catch (MessagingException e) {
      throw new AurumException.OperationFailed(
          "email could not be sent through the SMTP server at "
              + s.host()
              + ":"
              + s.port()
              + ": "
              + settings.redact(oneLine(e))
              + " (STARTTLS is required)");
    }
  }

  private static String firstLine(String s) {
    int i = s.indexOf('\n');
    return i < 0 ? s : s.substring(0, i);
  }

  private static String oneLine(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getMessage() == null) {
      t = t.getCause();
    }
    String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    return m.replaceAll("\\s+", " ").strip();
  }
}
