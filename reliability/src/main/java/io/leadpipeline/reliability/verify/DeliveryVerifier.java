package io.leadpipeline.reliability.verify;

import io.leadpipeline.reliability.verify.Run.Decision;
import io.leadpipeline.reliability.verify.Run.Delivery;
import io.leadpipeline.reliability.verify.Run.Lead;
import io.leadpipeline.reliability.verify.Run.Sent;
import io.leadpipeline.reliability.verify.Verdict.Check;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks a finished run the way Kafka's own exactly-once system test checks its copier: from the
 * outside, by comparing what went in with everything committed on the output topics. It asserts
 * the specification's (docs/SPECIFICATION.md) promises, not the router's internals: every valid enquiry has exactly one decision;
 * every chosen (enquiry, partner) exactly one lead and every lead a choice behind it; no partner
 * over its daily cap; no suppressed phone, excluded partner or withdrawn marketing permission in
 * a lead; every invalid record in the dead-letter topic and no valid one.
 */
public final class DeliveryVerifier {
  private static final int EXAMPLES = 3;

  private DeliveryVerifier() {}

  public static Verdict verify(Run run) {
    Tally tally = new Tally();
    Set<String> validIds = new HashSet<>();
    List<Sent> invalid = new ArrayList<>();
    for (Sent s : run.sent()) {
      if (s.valid()) {
        validIds.add(s.enquiryId());
      } else {
        invalid.add(s);
      }
    }

    // Decisions: exactly one per valid enquiry, none for anything else.
    Map<String, List<Decision>> decisionsById =
        run.decisions().stream().collect(Collectors.groupingBy(Decision::enquiryId));
    for (String id : validIds) {
      int n = decisionsById.getOrDefault(id, List.of()).size();
      if (n == 0) {
        tally.add(Check.DECISION_MISSING, id);
      } else if (n > 1) {
        tally.add(Check.DECISION_DUPLICATED, id + " x" + n);
      }
    }
    decisionsById.keySet().stream().filter(id -> !validIds.contains(id))
        .forEach(id -> tally.add(Check.DECISION_UNEXPECTED, id));

    // Leads: one per chosen pair; deferred pairs may have one (once the partner's hours open).
    Set<Delivery> chosen = new HashSet<>();
    Set<Delivery> deferred = new HashSet<>();
    for (Decision d : run.decisions()) {
      d.chosen().forEach(p -> chosen.add(new Delivery(d.enquiryId(), p)));
      d.deferred().forEach(p -> deferred.add(new Delivery(d.enquiryId(), p)));
    }
    Map<Delivery, List<Lead>> leadsByPair =
        run.leads().stream().collect(Collectors.groupingBy(l -> new Delivery(l.enquiryId(), l.partnerId())));
    for (Delivery pair : chosen) {
      if (!leadsByPair.containsKey(pair)) {
        tally.add(Check.LEAD_MISSING, pair.enquiryId() + "->" + pair.partnerId());
      }
    }
    leadsByPair.forEach((pair, leads) -> {
      if (leads.size() > 1) {
        tally.add(Check.LEAD_DUPLICATED, pair.enquiryId() + "->" + pair.partnerId() + " x" + leads.size());
      }
      if (!chosen.contains(pair) && !deferred.contains(pair)) {
        tally.add(Check.LEAD_UNCHOSEN, pair.enquiryId() + "->" + pair.partnerId());
      }
    });

    // Caps: count every committed lead (duplicates too: a partner would see them) per local day.
    Map<String, Map<LocalDate, Integer>> perDay = new HashMap<>();
    for (Lead l : run.leads()) {
      Run.Cap cap = run.caps().get(l.partnerId());
      if (cap == null || cap.perDay() == null) {
        continue;
      }
      LocalDate day = l.routedAt().atZone(cap.zone()).toLocalDate();
      perDay.computeIfAbsent(l.partnerId(), p -> new HashMap<>()).merge(day, 1, Integer::sum);
    }
    perDay.forEach((partner, days) -> days.forEach((day, n) -> {
      int cap = run.caps().get(partner).perDay();
      if (n > cap) {
        tally.add(Check.CAP_EXCEEDED, partner + " " + day + " " + n + "/" + cap);
      }
    }));

    // Suppression as seen by the partner: the lead's own contents.
    for (Lead l : run.leads()) {
      if (l.phone() != null && run.forbiddenPhones().contains(l.phone())) {
        tally.add(Check.SUPPRESSED_PHONE_SHARED, l.leadId());
      }
      if (run.forbiddenDeliveries().contains(new Delivery(l.enquiryId(), l.partnerId()))) {
        tally.add(Check.FORBIDDEN_DELIVERY, l.enquiryId() + "->" + l.partnerId());
      }
      if (l.marketingPermitted() && run.marketingForbidden().contains(l.enquiryId())) {
        tally.add(Check.MARKETING_NOT_WITHHELD, l.leadId());
      }
    }

    // Dead letters: every invalid record by its key; no valid enquiry.
    Set<String> deadKeys = run.deadLetters().stream().map(Run.DeadLetter::key).collect(Collectors.toSet());
    for (Sent s : invalid) {
      if (!deadKeys.contains(s.key())) {
        tally.add(Check.DEAD_LETTER_MISSING, s.key());
      }
    }
    for (String id : validIds) {
      if (deadKeys.contains(id)) {
        tally.add(Check.VALID_DEAD_LETTERED, id);
      }
    }

    return new Verdict(
        tally.counts,
        tally.examples,
        new Verdict.Totals(
            run.sent().size(), validIds.size(), invalid.size(), run.decisions().size(), run.leads().size(),
            run.deadLetters().size(), deferred.size()));
  }

  private static final class Tally {
    final Map<Check, Integer> counts = new EnumMap<>(Check.class);
    final Map<Check, List<String>> examples = new EnumMap<>(Check.class);

    void add(Check check, String example) {
      counts.merge(check, 1, Integer::sum);
      List<String> e = examples.computeIfAbsent(check, c -> new ArrayList<>());
      if (e.size() < EXAMPLES) {
        e.add(example);
      }
    }
  }
}
