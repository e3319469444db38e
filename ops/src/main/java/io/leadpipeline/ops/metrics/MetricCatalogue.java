package io.leadpipeline.ops.metrics;

import io.leadpipeline.ops.promql.Selector;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The metrics the dashboard and alerts may use ({@code ops/metrics.txt}): one place that says
 * which names exist, so a typo or a renamed metric fails the build instead of drawing nothing.
 */
public final class MetricCatalogue {

  public enum Type {
    COUNTER, GAUGE, HISTOGRAM, SUMMARY
  }

  public record Metric(String name, Type type, String source, Set<String> labels) {}

  /** Every scraped series carries these, from the scrape configuration. */
  private static final Set<String> TARGET_LABELS = Set.of("job", "instance");

  private final Map<String, Metric> metrics;

  private MetricCatalogue(Map<String, Metric> metrics) {
    this.metrics = metrics;
  }

  public static MetricCatalogue read(Path file) {
    try {
      return parse(Files.readAllLines(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Lines {@code name | type | source | labels}; blank lines and {@code #} comments skipped. */
  public static MetricCatalogue parse(List<String> lines) {
    Map<String, Metric> metrics = new LinkedHashMap<>();
    for (String line : lines) {
      if (line.isBlank() || line.strip().startsWith("#")) {
        continue;
      }
      String[] cells = line.split("\\|", -1);
      if (cells.length != 4) {
        throw new IllegalArgumentException("expected 'name | type | source | labels': " + line);
      }
      String name = cells[0].strip();
      Type type = Type.valueOf(cells[1].strip().toUpperCase(java.util.Locale.ROOT));
      Set<String> labels =
          Arrays.stream(cells[3].split(","))
              .map(String::strip)
              .filter(s -> !s.isEmpty())
              .collect(Collectors.toCollection(TreeSet::new));
      if (metrics.put(name, new Metric(name, type, cells[2].strip(), labels)) != null) {
        throw new IllegalArgumentException("metric listed twice: " + name);
      }
    }
    return new MetricCatalogue(metrics);
  }

  public List<Metric> metrics() {
    return List.copyOf(metrics.values());
  }

  /** The catalogue entry a series name belongs to: itself, or a histogram's/summary's part. */
  public Optional<Metric> find(String seriesName) {
    Metric exact = metrics.get(seriesName);
    if (exact != null) {
      return Optional.of(exact);
    }
    for (String suffix : List.of("_bucket", "_sum", "_count")) {
      if (seriesName.endsWith(suffix)) {
        Metric base = metrics.get(seriesName.substring(0, seriesName.length() - suffix.length()));
        boolean hasPart =
            base != null
                && (base.type() == Type.HISTOGRAM
                    || (base.type() == Type.SUMMARY && !suffix.equals("_bucket")));
        if (hasPart) {
          return Optional.of(base);
        }
      }
    }
    return Optional.empty();
  }

  /** What is wrong with the selectors of one expression; {@code where} names it in messages. */
  public List<String> problems(String where, List<Selector> selectors) {
    List<String> problems = new ArrayList<>();
    for (Selector selector : selectors) {
      Optional<Metric> metric = find(selector.metric());
      if (metric.isEmpty()) {
        problems.add(where + ": metric " + selector.metric() + " is not in ops/metrics.txt");
        continue;
      }
      for (Selector.Matcher matcher : selector.matchers()) {
        String label = matcher.label();
        boolean known =
            TARGET_LABELS.contains(label)
                || metric.get().labels().contains(label)
                || (label.equals("le") && metric.get().type() == Type.HISTOGRAM);
        if (!known) {
          problems.add(
              where + ": " + selector.metric() + " has no label " + label + " in ops/metrics.txt");
        }
      }
    }
    return problems;
  }
}
