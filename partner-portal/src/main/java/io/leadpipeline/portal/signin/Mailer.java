package io.leadpipeline.portal.signin;

import io.leadpipeline.config.SmtpSettings;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.Properties;

/**
 * Sends the sign-in emails over SMTP (Jakarta Mail), configured by the same {@code smtp.*} keys as
 * the partner-gateway: {@code smtp.tls} is {@code starttls} (upgrade required), {@code smtps} or
 * {@code none} (a local relay only).
 */
public final class Mailer {
  private final Session session;
  private final String protocol;
  private final InternetAddress from;
  private final String username;
  private final String password;

  public Mailer(SmtpSettings smtp) {
    this.protocol = smtp.tls() == SmtpSettings.Tls.SMTPS ? "smtps" : "smtp";
    String k = "mail." + protocol + ".";
    String timeout = Long.toString(smtp.timeout().toMillis());
    Properties props = new Properties();
    props.put(k + "host", smtp.host());
    props.put(k + "port", Integer.toString(smtp.port()));
    props.put(k + "connectiontimeout", timeout);
    props.put(k + "timeout", timeout);
    props.put(k + "writetimeout", timeout);
    if (smtp.tls() == SmtpSettings.Tls.STARTTLS) {
      props.put(k + "starttls.enable", "true");
      props.put(k + "starttls.required", "true");
    }
    if (smtp.tls() != SmtpSettings.Tls.NONE) {
      props.put(k + "ssl.checkserveridentity", Boolean.toString(!smtp.trustAllCertificates()));
      if (smtp.trustAllCertificates()) {
        props.put(k + "ssl.trust", "*");
      }
    }
    props.put(k + "auth", Boolean.toString(smtp.user().isPresent()));
    this.session = Session.getInstance(props);
    this.username = smtp.user().orElse(null);
    this.password = smtp.password().orElse(null);
    try {
      this.from = new InternetAddress(smtp.from(), true);
    } catch (MessagingException e) {
      throw new IllegalArgumentException("smtp.from is not an address: " + e.getMessage());
    }
  }

  public void send(String to, String subject, String text) throws MessagingException {
    MimeMessage message = new MimeMessage(session);
    message.setFrom(from);
    message.setRecipient(Message.RecipientType.TO, new InternetAddress(to, true));
    message.setSubject(subject, "UTF-8");
    message.setText(text, "UTF-8");
    message.saveChanges();
    try (Transport t = session.getTransport(protocol)) {
      t.connect(username, password);
      t.sendMessage(message, message.getAllRecipients());
    }
  }
}
