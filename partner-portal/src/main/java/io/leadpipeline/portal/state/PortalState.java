package io.leadpipeline.portal.state;

import io.leadpipeline.avro.ContactNotice;
import io.leadpipeline.avro.FeeTerms;
import io.leadpipeline.avro.Introduction;
import io.leadpipeline.avro.IntroductionEvent;
import io.leadpipeline.avro.LeadOutcome;
import io.leadpipeline.avro.LeadResponse;
import io.leadpipeline.avro.NoticeAcknowledgement;
import io.leadpipeline.avro.Partner;
import io.leadpipeline.avro.PortalLinkClaim;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Everything the portal knows, read back from the topics into memory. Append-only facts where the
 * first one counts (a link's claim, a lead's response, a ledger entry) keep the first in log
 * order, so every instance and every restart agree on the same winner.
 */
public final class PortalState {
  private final Map<String, Partner> partners = new HashMap<>();
  private final Map<String, LinkedHashMap<String, StoredLead>> leadsByPartner = new HashMap<>();
  private final Map<String, LinkedHashMap<String, ContactNotice>> noticesByPartner = new HashMap<>();
  private final Map<String, NoticeAcknowledgement> acks = new HashMap<>();
  private final Map<String, LeadResponse> responses = new HashMap<>();
  private final Map<String, List<LeadOutcome>> outcomes = new HashMap<>();
  private final Map<String, PortalLinkClaim> claims = new HashMap<>();
  private final Map<String, TreeMap<Integer, FeeTerms>> feeTerms = new HashMap<>();
  private final Map<String, List<Introduction>> ledger = new LinkedHashMap<>();
  private final Set<String> ledgerEntryIds = new HashSet<>();

  public synchronized void partner(String partnerId, Partner partner) {
    if (partner == null) {
      partners.remove(partnerId);
    } else {
      partners.put(partnerId, partner);
    }
  }

  /** @return true when the lead is new to the portal. */
  public synchronized boolean lead(StoredLead lead) {
    return leadsByPartner
            .computeIfAbsent(lead.lead().getPartnerId(), p -> new LinkedHashMap<>())
            .putIfAbsent(lead.lead().getLeadId(), lead)
        == null;
  }

  public synchronized void notice(ContactNotice notice) {
    noticesByPartner
        .computeIfAbsent(notice.getPartnerId(), p -> new LinkedHashMap<>())
        .putIfAbsent(notice.getNoticeId(), notice);
  }

  public synchronized void acknowledgement(NoticeAcknowledgement ack) {
    acks.putIfAbsent(ack.getNoticeId(), ack);
  }

  public synchronized void response(LeadResponse response) {
    responses.putIfAbsent(response.getLeadId(), response);
  }

  public synchronized void outcome(LeadOutcome outcome) {
    List<LeadOutcome> history = outcomes.computeIfAbsent(outcome.getLeadId(), l -> new ArrayList<>());
    if (history.stream().noneMatch(o -> o.getOutcomeId().equals(outcome.getOutcomeId()))) {
      history.add(outcome);
    }
  }

  public synchronized void claim(PortalLinkClaim claim) {
    claims.putIfAbsent(claim.getLinkId(), claim);
  }

  public synchronized void feeTerms(FeeTerms terms) {
    feeTerms.computeIfAbsent(terms.getPartnerId(), p -> new TreeMap<>()).put(terms.getVersion(), terms);
  }

  public synchronized void ledgerEntry(Introduction entry) {
    if (ledgerEntryIds.add(entry.getEntryId())) {
      ledger.computeIfAbsent(entry.getLeadId(), l -> new ArrayList<>()).add(entry);
    }
  }

  public synchronized Optional<Partner> partner(String partnerId) {
    return Optional.ofNullable(partners.get(partnerId));
  }

  public synchronized List<Partner> partners() {
    return partners.values().stream().sorted(Comparator.comparing(Partner::getPartnerId)).toList();
  }

  public synchronized List<String> partnerIdsWithLeads() {
    return List.copyOf(leadsByPartner.keySet());
  }

  /** The partner's leads, newest first. */
  public synchronized List<StoredLead> leads(String partnerId) {
    List<StoredLead> all = new ArrayList<>(leadsByPartner.getOrDefault(partnerId, new LinkedHashMap<>()).values());
    all.sort(Comparator.comparing((StoredLead l) -> l.lead().getRoutedAt()).reversed());
    return all;
  }

  /** Only the partner's own: another partner's lead id is as unknown as a made-up one. */
  public synchronized Optional<StoredLead> lead(String partnerId, String leadId) {
    return Optional.ofNullable(leadsByPartner.getOrDefault(partnerId, new LinkedHashMap<>()).get(leadId));
  }

  public synchronized List<ContactNotice> notices(String partnerId) {
    List<ContactNotice> all = new ArrayList<>(noticesByPartner.getOrDefault(partnerId, new LinkedHashMap<>()).values());
    all.sort(Comparator.comparing(ContactNotice::getIssuedAt).reversed());
    return all;
  }

  public synchronized Optional<ContactNotice> notice(String partnerId, String noticeId) {
    return Optional.ofNullable(noticesByPartner.getOrDefault(partnerId, new LinkedHashMap<>()).get(noticeId));
  }

  public synchronized Optional<NoticeAcknowledgement> acknowledgement(String noticeId) {
    return Optional.ofNullable(acks.get(noticeId));
  }

  public synchronized Optional<LeadResponse> response(String leadId) {
    return Optional.ofNullable(responses.get(leadId));
  }

  public synchronized List<LeadOutcome> outcomes(String leadId) {
    return List.copyOf(outcomes.getOrDefault(leadId, List.of()));
  }

  public synchronized Optional<PortalLinkClaim> claim(String linkId) {
    return Optional.ofNullable(claims.get(linkId));
  }

  public synchronized Optional<FeeTerms> currentFeeTerms(String partnerId) {
    TreeMap<Integer, FeeTerms> versions = feeTerms.get(partnerId);
    return versions == null || versions.isEmpty() ? Optional.empty() : Optional.of(versions.lastEntry().getValue());
  }

  /** Every version of a partner's fee terms, oldest first. */
  public synchronized List<FeeTerms> feeTermsVersions(String partnerId) {
    TreeMap<Integer, FeeTerms> versions = feeTerms.get(partnerId);
    return versions == null ? List.of() : List.copyOf(versions.values());
  }

  /** Every invoice number the ledger has used, for any partner. */
  public synchronized Set<String> invoiceNumbers() {
    Set<String> numbers = new HashSet<>();
    ledger.values().forEach(entries -> entries.stream()
        .filter(e -> e.getEvent() == IntroductionEvent.INVOICED && e.getInvoiceNumber() != null)
        .forEach(e -> numbers.add(e.getInvoiceNumber())));
    return numbers;
  }

  public synchronized List<Introduction> ledger(String leadId) {
    return List.copyOf(ledger.getOrDefault(leadId, List.of()));
  }

  public synchronized boolean hasLedgerEntry(String entryId) {
    return ledgerEntryIds.contains(entryId);
  }

  /** Every ledger entry of a partner, in log order. */
  public synchronized List<Introduction> ledgerOf(String partnerId) {
    return ledger.values().stream()
        .flatMap(List::stream)
        .filter(e -> e.getPartnerId().equals(partnerId))
        .toList();
  }

  /** Leads whose INTRODUCED entry is not in the ledger yet. */
  public synchronized List<StoredLead> unrecordedIntroductions() {
    return leadsByPartner.values().stream()
        .flatMap(m -> m.values().stream())
        .filter(l -> !ledgerEntryIds.contains(entryId(l.lead().getLeadId(), IntroductionEvent.INTRODUCED)))
        .toList();
  }

  public static String entryId(String leadId, IntroductionEvent event) {
    return leadId + ":" + event.name();
  }
}
