package io.leadpipeline.router.notices;

import io.leadpipeline.avro.NoticeKind;
import io.leadpipeline.avro.PartnerKind;
import io.leadpipeline.identity.NoticeIds;
import io.leadpipeline.router.suppression.DoNotRepeatEntry;
import io.leadpipeline.router.suppression.PreferenceEntry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * docs/SPECIFICATION.md §6 rule 7 (GDPR Art. 19) and §13: which partners that already hold a
 * person must hear of a change of mind or an erasure, in which notices. Pure functions: the
 * introductions, the change and what each lead's partner was already told go in; the notices to
 * send and what the partners then know come out.
 *
 * <p>One notice per (lead, request). A request is the person's objection as the
 * suppression-service stamped it — the restriction's own time ({@code doNotCallAt}, the opt-out
 * times, the do-not-repeat's {@code updatedAt}, the erasure's {@code requestedAt}), which one
 * request writes alike under the subject key and the phone key — so the same request read again
 * or under the second key tells nobody twice, while a newer one tells them again.
 */
public final class NoticePlanner {
  private NoticePlanner() {}

  /**
   * What to send and what changes in the ledger: {@code noticed} are the leads' new entries,
   * {@code forgotten} the leads whose entries go.
   */
  public record Plan(List<PlannedNotice> notices, Map<String, Noticed> noticed, Set<String> forgotten) {
    public Plan {
      notices = List.copyOf(notices);
      noticed = Map.copyOf(noticed);
      forgotten = Set.copyOf(forgotten);
    }
  }

  /**
   * A preference or do-not-repeat record read for one key. {@code before}: the newest record
   * seen for the key before this one; {@code already}: the ledger's entries for the leads in
   * {@code seen} (a lead with no entry has been told nothing).
   */
  public static Plan forChange(
      Introductions seen,
      PreferenceEntry prefsBefore,
      PreferenceEntry prefsAfter,
      DoNotRepeatEntry dnrBefore,
      DoNotRepeatEntry dnrAfter,
      Map<String, Noticed> already,
      long now) {
    Map<String, Noticed> state = new HashMap<>(already);
    Map<String, Noticed> changed = new HashMap<>();
    List<PlannedNotice> notices = new ArrayList<>();
    for (Map.Entry<NoticeKind, Long> request : forPreferences(prefsBefore, prefsAfter).entrySet()) {
      for (Introductions.Introduction i : seen.items()) {
        tell(i.partnerId(), i.partnerKind(), i.leadIds(), request.getKey(), request.getValue(), state, changed, notices, now);
      }
    }
    if (dnrAfter != null) {
      for (Introductions.Introduction i : seen.items()) {
        if (newlyBarred(dnrBefore, dnrAfter, i.partnerId())) {
          tell(i.partnerId(), i.partnerKind(), i.leadIds(), NoticeKind.DO_NOT_REPEAT, dnrAfter.updatedAt(), state, changed, notices, now);
        }
      }
    }
    return new Plan(notices, changed, Set.of());
  }

  /**
   * An erasure: one ERASURE notice per partner naming each of its leads once, from the union of
   * the leads the suppression-service found in {@code lead-decisions} and the introductions the
   * router holds under the person's keys, less {@code toldBefore} (leads an older service told
   * itself, and leads withdrawn before delivery). Every lead of the person leaves the ledger.
   *
   * @param requestKey the erasure record's key, which with {@code requestedAt} names the request
   */
  public static Plan forErasure(
      List<ErasureRecipient> found,
      List<Introductions> held,
      Set<String> toldBefore,
      String requestKey,
      long requestedAt,
      Map<String, Noticed> already) {
    Map<String, PartnerKind> kinds = new TreeMap<>();
    Map<String, LinkedHashSet<String>> leads = new TreeMap<>();
    for (ErasureRecipient r : found) {
      kinds.putIfAbsent(r.partnerId(), r.partnerKind());
      leads.computeIfAbsent(r.partnerId(), p -> new LinkedHashSet<>()).addAll(r.leadIds());
    }
    for (Introductions introductions : held) {
      for (Introductions.Introduction i : introductions.items()) {
        kinds.putIfAbsent(i.partnerId(), i.partnerKind());
        leads.computeIfAbsent(i.partnerId(), p -> new LinkedHashSet<>()).addAll(i.leadIds());
      }
    }
    List<PlannedNotice> notices = new ArrayList<>();
    Set<String> every = new LinkedHashSet<>();
    for (Map.Entry<String, LinkedHashSet<String>> e : leads.entrySet()) {
      every.addAll(e.getValue());
      List<String> untold = e.getValue().stream()
          .filter(id -> !toldBefore.contains(id))
          .filter(id -> already.getOrDefault(id, Noticed.NOTHING).isNews(NoticeKind.ERASURE, requestedAt))
          .toList();
      if (!untold.isEmpty()) {
        notices.add(new PlannedNotice(NoticeIds.erasure(e.getKey(), requestKey, requestedAt), e.getKey(),
            kinds.get(e.getKey()), NoticeKind.ERASURE, untold, requestedAt));
      }
    }
    return new Plan(notices, Map.of(), every);
  }

  /**
   * The restrictions {@code after} adds to {@code before}, each with its effective time: a
   * do-not-call newer than the one seen, and marketing opt-outs of any channel newer than seen
   * (the newest of them).
   */
  public static Map<NoticeKind, Long> forPreferences(PreferenceEntry before, PreferenceEntry after) {
    Map<NoticeKind, Long> requests = new EnumMap<>(NoticeKind.class);
    if (after == null) {
      return requests;
    }
    if (newer(before == null ? null : before.doNotCallAt(), after.doNotCallAt())) {
      requests.put(NoticeKind.DO_NOT_CALL, after.doNotCallAt());
    }
    Long optOut = null;
    Long[][] pairs = {
        {before == null ? null : before.emailMarketingOptOutAt(), after.emailMarketingOptOutAt()},
        {before == null ? null : before.phoneMarketingOptOutAt(), after.phoneMarketingOptOutAt()},
        {before == null ? null : before.smsOptOutAt(), after.smsOptOutAt()}};
    for (Long[] pair : pairs) {
      if (newer(pair[0], pair[1]) && (optOut == null || pair[1] > optOut)) {
        optOut = pair[1];
      }
    }
    if (optOut != null) {
      requests.put(NoticeKind.MARKETING_OPT_OUT, optOut);
    }
    return requests;
  }

  /** True when {@code partnerId} is named by {@code after} and was not by {@code before}. */
  public static boolean newlyBarred(DoNotRepeatEntry before, DoNotRepeatEntry after, String partnerId) {
    return after != null && after.names(partnerId) && (before == null || !before.names(partnerId));
  }

  private static void tell(
      String partnerId,
      PartnerKind partnerKind,
      Collection<String> leadIds,
      NoticeKind kind,
      long effectiveAt,
      Map<String, Noticed> state,
      Map<String, Noticed> changed,
      List<PlannedNotice> notices,
      long now) {
    List<String> news = new ArrayList<>();
    for (String id : leadIds) {
      Noticed n = state.getOrDefault(id, Noticed.NOTHING);
      if (n.isNews(kind, effectiveAt) && !news.contains(id)) {
        news.add(id);
        Noticed next = n.told(kind, effectiveAt, now);
        state.put(id, next);
        changed.put(id, next);
      }
    }
    if (!news.isEmpty()) {
      notices.add(new PlannedNotice(
          NoticeIds.change(kind.name(), partnerId, effectiveAt, news), partnerId, partnerKind, kind, news, effectiveAt));
    }
  }

  private static boolean newer(Long before, Long after) {
    return after != null && (before == null || after > before);
  }
}
