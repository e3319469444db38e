package io.leadpipeline.config;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/** The SMTP relay as {@link SharedKeys#smtp} defines it, read once for whichever component sends mail. */
public record SmtpSettings(
    String host, int port, Tls tls, String from, Optional<String> user, Optional<String> password,
    Duration timeout, boolean trustAllCertificates) {

  public static final String HOST = "smtp.host";
  public static final String PORT = "smtp.port";
  public static final String TLS = "smtp.tls";
  public static final String FROM = "smtp.from";
  public static final String USER = "smtp.user";
  public static final String PASSWORD = "smtp.password";
  public static final String TIMEOUT = "smtp.timeout";
  public static final String TRUST_ALL = "smtp.trust-all-certificates";

  /** How the connection is protected. */
  public enum Tls { NONE, STARTTLS, SMTPS }

  public static SmtpSettings from(ConfigValues c) {
    return new SmtpSettings(
        c.string(HOST), c.integer(PORT), Tls.valueOf(c.string(TLS).toUpperCase(Locale.ROOT)), c.string(FROM),
        c.optional(USER), c.secret(PASSWORD), c.duration(TIMEOUT), c.bool(TRUST_ALL));
  }

  /** The password stays out of logs. */
  @Override
  public String toString() {
    return "SmtpSettings[" + host + ":" + port + ", " + tls + ", from " + from + ", user " + user.orElse("(none)")
        + ", password " + (password.isPresent() ? "[hidden]" : "(none)") + "]";
  }
}
