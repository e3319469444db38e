package io.leadpipeline.gateway.email;

import io.leadpipeline.config.SmtpSettings;
import io.leadpipeline.config.SmtpSettings.Tls;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Date;
import java.util.Properties;

/**
 * Sends partner emails over SMTP (docs/partner-delivery.md §7). {@code smtp.tls} chooses the
 * protection: {@code starttls} (upgrade required: the message is never sent in clear),
 * {@code smtps} (TLS from the first byte) or {@code none} (a local relay or a test server only).
 */
public final class SmtpMailer {
  private final Session session;
  private final String protocol;
  private final String from;
  private final String user;
  private final String password;

  public SmtpMailer(String host, int port, Tls tls, String from, String user, String password,
      Duration timeout, boolean trustAll) {
    this.protocol = tls == Tls.SMTPS ? "smtps" : "smtp";
    Properties p = new Properties();
    String k = "mail." + protocol + ".";
    p.put(k + "host", host);
    p.put(k + "port", Integer.toString(port));
    p.put(k + "connectiontimeout", Long.toString(timeout.toMillis()));
    p.put(k + "timeout", Long.toString(timeout.toMillis()));
    p.put(k + "writetimeout", Long.toString(timeout.toMillis()));
    p.put(k + "auth", Boolean.toString(user != null));
    if (tls == Tls.STARTTLS) {
      p.put(k + "starttls.enable", "true");
      p.put(k + "starttls.required", "true");
    }
    if (tls != Tls.NONE) {
      p.put(k + "ssl.checkserveridentity", Boolean.toString(!trustAll));
      if (trustAll) {
        p.put(k + "ssl.trust", "*");
      }
    }
    this.session = Session.getInstance(p);
    this.from = from;
    this.user = user;
    this.password = password;
  }

  public static SmtpMailer from(SmtpSettings s) {
    return new SmtpMailer(s.host(), s.port(), s.tls(), s.from(), s.user().orElse(null), s.password().orElse(null),
        s.timeout(), s.trustAllCertificates());
  }

  /** Sends one message; the returned Message-ID is the partner's receipt in the delivery log. */
  public String send(EmailMessage message, String webhookId) throws MessagingException {
    MimeMessage m = new MimeMessage(session);
    m.setFrom(new InternetAddress(from));
    m.setRecipients(Message.RecipientType.TO, InternetAddress.parse(message.to(), true));
    m.setSubject(message.subject(), "UTF-8");
    m.setText(message.body(), "UTF-8");
    m.setSentDate(new Date());
    // The same id on every retry, as for webhooks, so a mailbox rule can drop a repeat.
    m.setHeader("X-Lead-Pipeline-Delivery-Id", webhookId);
    m.saveChanges();
    try (Transport t = session.getTransport(protocol)) {
      t.connect(user, password);
      t.sendMessage(m, m.getAllRecipients());
    }
    return m.getMessageID();
  }
}
