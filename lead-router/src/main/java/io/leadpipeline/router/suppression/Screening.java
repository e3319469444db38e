package io.leadpipeline.router.suppression;

import io.leadpipeline.router.validation.NormalisedEnquiry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * An enquiry on its way through the suppression lookups, with the facts found so far and the
 * suppression partitions' end offsets each lookup waited for (for the decision's audit trail).
 * A re-offer after a rejection travels the same way, with {@code reoffer} set.
 *
 * @param reoffer null for an enquiry's first screening
 */
public record Screening(
    NormalisedEnquiry enquiry, SuppressionView view, List<OffsetMark> screenedAgainst, ReofferRequest reoffer) {
  public Screening {
    screenedAgainst = screenedAgainst == null ? List.of() : List.copyOf(screenedAgainst);
  }

  public Screening(NormalisedEnquiry enquiry, SuppressionView view) {
    this(enquiry, view, List.of(), null);
  }

  /**
   * A rejected lead's enquiry coming back to be screened again, as of the rejection's time
   * (docs/SPECIFICATION.md §6.8). It carries keys and ids only: the allocation step holds the
   * enquiry's details and fills them in.
   *
   * @param rejectedLeadId the lead a partner rejected
   * @param rejectedBy that partner
   */
  public record ReofferRequest(String rejectedLeadId, String rejectedBy) {}

  /** One suppression partition's end offset a lookup waited for. */
  public record OffsetMark(String topic, int partition, long endOffset) {}

  /** This screening with a stage's view and the targets it waited for added. */
  public Screening screened(SuppressionView newView, Map<TopicPartition, Long> targets) {
    List<OffsetMark> marks = new ArrayList<>(screenedAgainst);
    targets.entrySet().stream()
        .sorted(Map.Entry.comparingByKey(java.util.Comparator.comparing(TopicPartition::toString)))
        .forEach(t -> marks.add(new OffsetMark(t.getKey().topic(), t.getKey().partition(), t.getValue())));
    return new Screening(enquiry, newView, marks, reoffer);
  }
}
