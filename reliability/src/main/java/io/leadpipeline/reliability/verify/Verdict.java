package io.leadpipeline.reliability.verify;

import java.util.List;
import java.util.Map;

/**
 * The verifier's answer: a count per check, and a few examples of each violation so a red run
 * says what went wrong without a debugger.
 */
public record Verdict(Map<Check, Integer> violations, Map<Check, List<String>> examples, Totals totals) {

  /** The guarantees checked, in the order the verdict line reports them. */
  public enum Check {
    DECISION_MISSING("valid enquiries without a decision"),
    DECISION_DUPLICATED("enquiries with more than one decision"),
    DECISION_UNEXPECTED("decisions for enquiries never sent or sent invalid"),
    LEAD_MISSING("chosen (enquiry, partner) pairs without a lead"),
    LEAD_DUPLICATED("(enquiry, partner) pairs with more than one lead"),
    LEAD_UNCHOSEN("leads no decision chose"),
    CAP_EXCEEDED("partner-days over the daily cap"),
    SUPPRESSED_PHONE_SHARED("leads carrying a phone that must not be shared"),
    FORBIDDEN_DELIVERY("leads to a partner the person excluded"),
    MARKETING_NOT_WITHHELD("leads permitting marketing after an opt-out"),
    DEAD_LETTER_MISSING("invalid records not in the dead-letter topic"),
    VALID_DEAD_LETTERED("valid enquiries dead-lettered");

    private final String meaning;

    Check(String meaning) {
      this.meaning = meaning;
    }

    public String meaning() {
      return meaning;
    }
  }

  /** What was seen, for the verdict line. */
  public record Totals(int sent, int valid, int invalid, int decisions, int leads, int deadLetters, int deferred) {}

  public Verdict {
    violations = Map.copyOf(violations);
    examples = Map.copyOf(examples);
  }

  public int total() {
    return violations.values().stream().mapToInt(Integer::intValue).sum();
  }

  public boolean passed() {
    return total() == 0;
  }

  /** One line, PASS or FAIL, that a human or a CI log grep can read. */
  public String line() {
    StringBuilder b = new StringBuilder("VERDICT ").append(passed() ? "PASS" : "FAIL");
    b.append(": ").append(totals.sent()).append(" enquiries sent (").append(totals.valid()).append(" valid, ")
        .append(totals.invalid()).append(" invalid), ").append(totals.decisions()).append(" decisions, ")
        .append(totals.leads()).append(" leads, ").append(totals.deadLetters()).append(" dead letters");
    if (totals.deferred() > 0) {
      b.append(", ").append(totals.deferred()).append(" deferred");
    }
    b.append("; violations: ").append(total());
    for (Check c : Check.values()) {
      int n = violations.getOrDefault(c, 0);
      if (n > 0) {
        b.append("; ").append(n).append(' ').append(c.meaning());
        List<String> e = examples.getOrDefault(c, List.of());
        if (!e.isEmpty()) {
          b.append(" (e.g. ").append(String.join(", ", e)).append(')');
        }
      }
    }
    return b.toString();
  }

  @Override
  public String toString() {
    return line();
  }
}
