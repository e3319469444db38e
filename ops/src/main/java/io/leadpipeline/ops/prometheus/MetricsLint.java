package io.leadpipeline.ops.prometheus;

import java.util.List;
import java.util.Set;

/**
 * What {@code promtool check metrics} says about a {@code /metrics} body, and which of it we
 * accept. Our own metrics must be clean. The binders' names come from Kafka's client metrics and
 * Micrometer's JVM and process binders ({@code kafka_producer_txn_abort_time_ns_total},
 * {@code kafka_consumer_connection_count}, {@code process_cpu_time_ns_total},
 * {@code system_cpu_count}): renaming them would break every dashboard written for those binders,
 * so their two naming lints are accepted, and a missing HELP line (Kafka leaves a few metrics
 * undescribed); nothing else.
 */
public final class MetricsLint {
  /** Prefixes of the metrics other people name: Kafka clients, Micrometer's JVM/system binders. */
  static final List<String> BINDER_PREFIXES = List.of("kafka_", "jvm_", "process_", "system_");

  static final Set<String> ACCEPTED_FOR_BINDERS =
      Set.of(
          "metric names should not contain abbreviated units",
          "non-histogram and non-summary metrics should not have \"_count\" suffix",
          // Kafka registers a few metrics with an empty description (node_request_latency_avg/max).
          "no help text");

  /** One finding: the metric's name and promtool's words about it. */
  public record Problem(String metric, String text) {
    public boolean accepted() {
      return BINDER_PREFIXES.stream().anyMatch(metric::startsWith) && ACCEPTED_FOR_BINDERS.contains(text);
    }

    @Override
    public String toString() {
      return metric + " " + text;
    }
  }

  private MetricsLint() {}

  /** promtool's lint output, one {@code <metric> <text>} per line. */
  public static List<Problem> parse(String output) {
    return output
        .lines()
        .map(String::strip)
        .filter(line -> !line.isEmpty())
        .map(
            line -> {
              int space = line.indexOf(' ');
              return space < 0
                  ? new Problem(line, "")
                  : new Problem(line.substring(0, space), line.substring(space + 1));
            })
        .toList();
  }

  /**
   * Why a {@code check metrics} result fails the build, or nothing: the body must parse, and every
   * lint problem must be one accepted for the binders.
   */
  public static List<String> failures(Promtool.Result result) {
    if (result.exitCode() == 0) {
      return List.of();
    }
    if (result.exitCode() != 3) {
      return List.of("promtool check metrics failed (exit " + result.exitCode() + "): " + result.output().strip());
    }
    return parse(result.output()).stream().filter(p -> !p.accepted()).map(Problem::toString).toList();
  }
}
