package io.leadpipeline.ops.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipeline.ops.Repository;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kafka_* and jvm_* names of ops/metrics.txt are what Micrometer really exports for our
 * Kafka version: an exactly-once Kafka Streams client (never started, no broker needed) and the
 * JVM binders, scraped in the Prometheus format.
 */
class MetricCatalogueBindersTest {
  private static final Pattern SERIES = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{([^}]*)})?", Pattern.MULTILINE);
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"");

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void kafkaAndJvmMetricsInTheCatalogueAreExportedWithTheirLabels(@TempDir Path stateDir) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    System.gc(); // so the GC pause summary has a sample
    JvmGcMetrics gc = new JvmGcMetrics();
    gc.bindTo(registry);
    System.gc();

    StreamsBuilder builder = new StreamsBuilder();
    builder.stream("enquiries").to("leads");
    Properties config = new Properties();
    config.put(StreamsConfig.APPLICATION_ID_CONFIG, "lead-router");
    config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9");
    config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    config.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
    config.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
    String scrape;
    try (KafkaStreams streams = new KafkaStreams(builder.build(), config);
        KafkaStreamsMetrics metrics = new KafkaStreamsMetrics(streams)) {
      metrics.bindTo(registry);
      scrape = registry.scrape();
      streams.close(Duration.ofSeconds(5));
    } finally {
      gc.close();
    }

    MetricCatalogue catalogue = MetricCatalogue.read(Repository.file("ops/metrics.txt"));
    List<MetricCatalogue.Metric> fromBinders = catalogue.metrics().stream()
        .filter(m -> Set.of("kafka", "jvm").contains(m.source()))
        .toList();
    assertThat(fromBinders).isNotEmpty();
    for (MetricCatalogue.Metric metric : fromBinders) {
      String series = metric.type() == MetricCatalogue.Type.SUMMARY ? metric.name() + "_count" : metric.name();
      assertThat(labelsOf(scrape, series))
          .as("labels of %s in a real scrape", series)
          .isNotNull()
          .containsAll(metric.labels());
    }
  }

  /** The label names of the first series called {@code name}, or null when there is none. */
  private static Set<String> labelsOf(String scrape, String name) {
    Matcher series = SERIES.matcher(scrape);
    while (series.find()) {
      if (series.group(1).equals(name)) {
        Set<String> labels = new TreeSet<>();
        if (series.group(3) != null) {
          Matcher label = LABEL.matcher(series.group(3));
          while (label.find()) {
            labels.add(label.group(1));
          }
        }
        return labels;
      }
    }
    return null;
  }
}
