package io.leadpipeline.config;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.util.StatusPrinter2;
import java.net.URL;
import java.util.Locale;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * How a service writes its logs: {@code text} for people (the default) or {@code json}, one
 * object per line, for a log shipper. Chosen by the configuration key {@code log.format}, so by
 * {@code LEAD_PIPELINE_LOG_FORMAT} too, and applied by each service's command line as soon as its
 * settings are loaded, before it starts anything that logs. Both formats log the same events at
 * the same levels ({@code logback-levels.xml}); neither adds anything a message does not carry,
 * and messages carry keys, never emails or phone numbers.
 *
 * <p>Embedding a service ({@code LeadRouter.start}, {@code SuppressionService.start}) leaves the
 * host's logging alone: only the command lines apply a format.
 */
public enum LogFormat {
  TEXT("logback-text.xml"),
  JSON("logback-json.xml");

  public static final String KEY = "log.format";
  public static final String DEFAULT = "text";
  /** An operator's own logback file, set with {@code -Dlogback.configurationFile}, wins. */
  static final String LOGBACK_CONFIGURATION_FILE = "logback.configurationFile";

  private static LogFormat applied;

  private final String resource;

  LogFormat(String resource) {
    this.resource = resource;
  }

  /** The format {@code log.format} names, {@code text} when unset. */
  public static LogFormat from(Settings settings) {
    String value = settings.string(KEY, DEFAULT);
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "text" -> TEXT;
      case "json" -> JSON;
      default ->
          throw new IllegalArgumentException(
              KEY + " (or " + Settings.envName(KEY) + ") must be text or json, not " + value);
    };
  }

  /** The logback configuration of this format, a class-path resource. */
  public URL configuration() {
    URL url = LogFormat.class.getResource(resource);
    if (url == null) {
      throw new IllegalStateException(resource + " is missing from the class path");
    }
    return url;
  }

  /**
   * Configures logback with this format, unless logging is not logback, the operator named a
   * logback file, or this format is already in place. Loggers created before keep working: they
   * belong to the context, which is reset and configured again.
   *
   * @return whether logback was configured
   */
  public boolean apply() {
    if (System.getProperty(LOGBACK_CONFIGURATION_FILE) != null) {
      return false;
    }
    ILoggerFactory factory = LoggerFactory.getILoggerFactory();
    if (!(factory instanceof LoggerContext context)) {
      return false;
    }
    synchronized (LogFormat.class) {
      if (applied == this) {
        return false;
      }
      context.reset();
      JoranConfigurator configurator = new JoranConfigurator();
      configurator.setContext(context);
      try {
        configurator.doConfigure(configuration());
      } catch (JoranException e) {
        throw new IllegalStateException("cannot configure logging from " + resource, e);
      } finally {
        new StatusPrinter2().printInCaseOfErrorsOrWarnings(context);
      }
      applied = this;
      return true;
    }
  }

  /** Forgets which format was applied, for tests that hand logging back to their own file. */
  static synchronized void forget() {
    applied = null;
  }
}
