package io.leadpipeline.ops.promql;

import java.util.List;
import java.util.Optional;

/** One vector selector of a PromQL expression: {@code metric{label op "value", ...}}. */
public record Selector(String metric, List<Matcher> matchers) {

  /** One label matcher; {@code op} is one of {@code = != =~ !~}. */
  public record Matcher(String label, String op, String value) {}

  public Optional<Matcher> matcher(String label) {
    return matchers.stream().filter(m -> m.label().equals(label)).findFirst();
  }
}
