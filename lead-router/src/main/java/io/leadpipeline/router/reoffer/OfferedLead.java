package io.leadpipeline.router.reoffer;

/**
 * A lead the router shared, as the re-offer step needs it when the partner answers: ids, keys and
 * times, nothing about the person, so it outlives an erasure until the response window closes.
 *
 * @param sharedAt when the router decided to share it
 * @param sentAt when it went out (null while it waits for the partner's delivery hours)
 * @param answered the partner's first answer was read; later ones change nothing
 */
public record OfferedLead(
    String enquiryId,
    String subjectKey,
    String phoneKey,
    String partnerId,
    long sharedAt,
    Long sentAt,
    boolean answered) {

  public OfferedLead sent(long at) {
    return sentAt != null ? this : new OfferedLead(enquiryId, subjectKey, phoneKey, partnerId, sharedAt, at, answered);
  }

  public OfferedLead answer() {
    return new OfferedLead(enquiryId, subjectKey, phoneKey, partnerId, sharedAt, sentAt, true);
  }

  /**
   * True when an answer at {@code at} (the portal's clock) is inside the lead's response window.
   * No lower bound: an answer stamped a moment before {@code sentAt} only shows the two clocks differ.
   */
  public boolean withinWindow(long at) {
    return sentAt != null && at <= sentAt + Reoffers.RESPONSE_WINDOW.toMillis();
  }

  /**
   * True when the entry is no longer needed at {@code now}: its window closed more than the margin
   * ago, or it never went out and has waited longer than any delivery hours make a lead wait.
   */
  public boolean expired(long now) {
    return sentAt != null
        ? now > sentAt + Reoffers.RESPONSE_WINDOW.toMillis() + Reoffers.MARGIN.toMillis()
        : now > sharedAt + Reoffers.LONGEST_DEFERRAL.toMillis();
  }
}
