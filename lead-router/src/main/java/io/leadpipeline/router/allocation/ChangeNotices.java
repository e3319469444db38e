package io.leadpipeline.router.allocation;

import io.leadpipeline.router.delivery.AllocatorState.KnownRestrictions;
import io.leadpipeline.router.notices.Introductions;
import io.leadpipeline.router.notices.NoticePlanner;
import io.leadpipeline.router.suppression.DoNotRepeatEntry;
import io.leadpipeline.router.suppression.PreferenceEntry;
import io.leadpipeline.router.suppression.SuppressionChange;

/**
 * A change of mind (preferences, do-not-repeat) after leads went out (docs/SPECIFICATION.md §6
 * rule 7): remembered as the newest restriction for the key, and told to the partners who received
 * the person, as {@link NoticePlanner} plans it.
 */
final class ChangeNotices {
  private final AllocationStores stores;
  private final Outputs out;

  ChangeNotices(AllocationStores stores, Outputs out) {
    this.stores = stores;
    this.out = out;
  }

  void onChange(SuppressionChange change, long now) {
    KnownRestrictions before = stores.restrictions.get(change.key());
    PreferenceEntry prefsBefore = before == null ? null : before.preferences();
    DoNotRepeatEntry dnrBefore = before == null ? null : before.doNotRepeat();
    PreferenceEntry prefsAfter = change.preferences() != null ? change.preferences() : prefsBefore;
    DoNotRepeatEntry dnrAfter = change.doNotRepeat() != null ? change.doNotRepeat() : dnrBefore;
    stores.restrictions.put(change.key(), new KnownRestrictions(prefsAfter, dnrAfter, now));

    Introductions seen = stores.introductionsOf(change.key());
    if (seen.isEmpty()) {
      return;
    }
    NoticePlanner.Plan plan = NoticePlanner.forChange(
        seen, prefsBefore, change.preferences(), dnrBefore, change.doNotRepeat(), stores.noticed.of(seen.leadIds()), now);
    out.notices(plan, now);
  }
}
