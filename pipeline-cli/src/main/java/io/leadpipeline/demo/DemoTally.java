package io.leadpipeline.demo;

import io.leadpipeline.avro.CallReason;
import io.leadpipeline.avro.DecisionOutcome;
import io.leadpipeline.avro.Lead;
import io.leadpipeline.avro.MarketingReason;
import io.leadpipeline.avro.PartnerDecision;
import io.leadpipeline.avro.PartnerReason;
import io.leadpipeline.avro.RoutingDecision;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** What the demo has seen come out of the pipeline, for the progress lines and the summary. */
final class DemoTally {
  private static final Set<CallReason> CALL_WITHHELD =
      EnumSet.of(CallReason.DO_NOT_CALL, CallReason.TPS, CallReason.CTPS);
  private static final Set<PartnerReason> PARTNER_SUPPRESSED =
      EnumSet.of(PartnerReason.DO_NOT_REPEAT, PartnerReason.DUPLICATE);

  long enquiriesSent;
  long malformedSent;
  long decisions;
  long notices;
  final Map<String, Long> leadsByKind = new TreeMap<>();
  final Map<String, Long> outcomes = new TreeMap<>();
  final Map<String, Long> suppressedByReason = new TreeMap<>();
  final Map<String, Long> deadLettersByReason = new TreeMap<>();
  final Map<String, Long> partnerReasons = new TreeMap<>();
  final Map<String, Long> callReasons = new TreeMap<>();
  private final Set<String> routedSubjects = new HashSet<>();

  synchronized void decision(RoutingDecision decision) {
    decisions++;
    count(outcomes, decision.getOutcome().name());
    count(callReasons, decision.getCall().getReason().name());
    if (decision.getOutcome() == DecisionOutcome.ROUTED) {
      routedSubjects.add(decision.getSubjectKey());
    }
    if (CALL_WITHHELD.contains(decision.getCall().getReason())) {
      count(suppressedByReason, "phone withheld: " + decision.getCall().getReason());
    }
    if (decision.getMarketing().getReason() == MarketingReason.OPTED_OUT) {
      count(suppressedByReason, "marketing: OPTED_OUT");
    }
    for (PartnerDecision partner : decision.getPartners()) {
      count(partnerReasons, partner.getReason().name());
      if (PARTNER_SUPPRESSED.contains(partner.getReason())) {
        count(suppressedByReason, "partner excluded: " + partner.getReason());
      }
    }
  }

  synchronized Set<String> routedSubjects() {
    return Set.copyOf(routedSubjects);
  }

  synchronized void lead(Lead lead) {
    count(leadsByKind, lead.getPartnerKind().name().toLowerCase(java.util.Locale.ROOT));
  }

  synchronized void deadLetter(String reason) {
    count(deadLettersByReason, reason);
  }

  synchronized void notice() {
    notices++;
  }

  synchronized long leads() {
    return leadsByKind.values().stream().mapToLong(Long::longValue).sum();
  }

  synchronized long deadLetters() {
    return deadLettersByReason.values().stream().mapToLong(Long::longValue).sum();
  }

  synchronized String progressLine(Duration elapsed) {
    return String.format(
        "  %4ds  enquiries sent %5d (+%d malformed) · decisions %5d · leads %5d · dead letters %3d",
        elapsed.toSeconds(), enquiriesSent, malformedSent, decisions, leads(), deadLetters());
  }

  synchronized String summary(Duration elapsed) {
    double seconds = Math.max(1, elapsed.toMillis()) / 1000.0;
    StringBuilder out = new StringBuilder();
    out.append(String.format("%nSummary after %.0f s%n", seconds));
    out.append(String.format("  enquiries in         %6d valid + %d malformed%n", enquiriesSent, malformedSent));
    out.append(String.format("  routing decisions    %6d  (%.1f enquiries/s)%n", decisions, decisions / seconds));
    outcomes.forEach((k, v) -> out.append(String.format("      %-32s %6d%n", k, v)));
    out.append(String.format("  leads out            %6d%n", leads()));
    leadsByKind.forEach((k, v) -> out.append(String.format("      to %-25s %6d%n", k + "s", v)));
    out.append(String.format("  phone sharing, by reason%n"));
    callReasons.forEach((k, v) -> out.append(String.format("      %-32s %6d%n", k, v)));
    out.append(String.format("  suppressed, by reason%n"));
    if (suppressedByReason.isEmpty()) {
      out.append("      (none)\n");
    }
    suppressedByReason.forEach((k, v) -> out.append(String.format("      %-32s %6d%n", k, v)));
    out.append(String.format("  partner decisions, by reason%n"));
    partnerReasons.forEach((k, v) -> out.append(String.format("      %-32s %6d%n", k, v)));
    out.append(String.format("  dead-lettered        %6d%n", deadLetters()));
    deadLettersByReason.forEach((k, v) -> out.append(String.format("      %-32s %6d%n", k, v)));
    out.append(String.format("  contact notices      %6d  (partners told of a later do-not-call, opt-out or erasure)%n", notices));
    return out.toString();
  }

  private static void count(Map<String, Long> map, String key) {
    map.merge(key, 1L, Long::sum);
  }
}
