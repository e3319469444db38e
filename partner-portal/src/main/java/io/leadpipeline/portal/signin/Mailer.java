package io.leadpipeline.portal.signin;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.Properties;

/** Sends the sign-in emails over SMTP (Jakarta Mail). */
public final class Mailer {
  private final Session session;
  private final InternetAddress from;
  private final String username;
  private final String password;

  public Mailer(String host, int port, String from, boolean startTls, String username, String password) {
    Properties props = new Properties();
    props.put("mail.smtp.host", host);
    props.put("mail.smtp.port", Integer.toString(port));
    props.put("mail.smtp.connectiontimeout", "10000");
    props.put("mail.smtp.timeout", "10000");
    props.put("mail.smtp.writetimeout", "10000");
    if (startTls) {
      props.put("mail.smtp.starttls.enable", "true");
      props.put("mail.smtp.starttls.required", "true");
    }
    if (username != null) {
      props.put("mail.smtp.auth", "true");
    }
    this.session = Session.getInstance(props);
    this.username = username;
    this.password = password;
    try {
      this.from = new InternetAddress(from, true);
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
    if (username == null) {
      Transport.send(message);
    } else {
      Transport.send(message, username, password);
    }
  }
}
