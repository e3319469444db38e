package io.leadpipeline.router.reoffer;

import io.leadpipeline.avro.PartnerKind;
import io.leadpipeline.router.validation.NormalisedEnquiry;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A shared enquiry kept for its response window, so a rejected lead can be offered to one more
 * partner: the enquiry, the verdicts it was first shared under, its partner limit and every
 * partner it went to. Personal data: deleted by the person's erasure and when the window closes.
 *
 * @param firstSharedAt when the router first decided to share it
 * @param limit the partner limit it was first routed under
 * @param lastScreenedAt the event time of its newest re-offer screening; the next is later, so
 *     two re-offers of one enquiry never share a screening time
 */
public record OfferedEnquiry(
    NormalisedEnquiry enquiry,
    boolean callPermitted,
    boolean marketingPermitted,
    long firstSharedAt,
    int limit,
    List<Offer> offers,
    long lastScreenedAt) {

  public OfferedEnquiry {
    offers = List.copyOf(offers);
  }

  /**
   * One partner the enquiry went to.
   *
   * @param replacement it went there as a re-offer, in a rejected partner's place
   * @param rejected the partner rejected it
   */
  public record Offer(String leadId, String partnerId, PartnerKind kind, boolean replacement, boolean rejected) {}

  /** Every partner the enquiry went to, rejected or not: none of them gets it again. */
  public Set<String> recipients() {
    return offers.stream().map(Offer::partnerId).collect(Collectors.toUnmodifiableSet());
  }

  /**
   * The partners counted against the limit: all of them, but a first-round partner's rejection
   * frees its place once, for one replacement. A replacement that rejects frees nothing, so an
   * enquiry reaches at most twice its limit, never more.
   */
  public int counted() {
    return (int) offers.stream().filter(o -> !(o.rejected() && !o.replacement())).count();
  }

  public boolean hasRoom() {
    return counted() < limit;
  }

  /** Partners still holding the enquiry (not rejected): an exclusive partner may join only when none do. */
  public boolean heldByOthers() {
    return offers.stream().anyMatch(o -> !o.rejected());
  }

  public OfferedEnquiry rejected(String leadId) {
    return new OfferedEnquiry(enquiry, callPermitted, marketingPermitted, firstSharedAt, limit,
        offers.stream().map(o -> o.leadId().equals(leadId)
            ? new Offer(o.leadId(), o.partnerId(), o.kind(), o.replacement(), true) : o).toList(),
        lastScreenedAt);
  }

  public OfferedEnquiry withReplacement(String leadId, String partnerId, PartnerKind kind) {
    List<Offer> next = new ArrayList<>(offers);
    next.add(new Offer(leadId, partnerId, kind, true, false));
    return new OfferedEnquiry(enquiry, callPermitted, marketingPermitted, firstSharedAt, limit, next, lastScreenedAt);
  }

  /** The event time of the next re-offer screening: the answer's time, or just after the last one. */
  public long nextScreeningTime(long answeredAt) {
    return Math.max(answeredAt, lastScreenedAt + 1);
  }

  public OfferedEnquiry screenedAt(long t) {
    return new OfferedEnquiry(enquiry, callPermitted, marketingPermitted, firstSharedAt, limit, offers, t);
  }
}
