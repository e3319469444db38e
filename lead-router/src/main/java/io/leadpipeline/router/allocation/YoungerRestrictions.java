package io.leadpipeline.router.allocation;

import io.leadpipeline.router.delivery.AllocatorState.KnownRestrictions;
import io.leadpipeline.router.suppression.DoNotRepeatEntry;
import io.leadpipeline.router.suppression.PreferenceEntry;
import io.leadpipeline.router.suppression.SuppressionView;
import java.util.ArrayList;
import java.util.List;

/**
 * A restriction younger than the enquiry that reached the router before its leads leave still
 * applies (docs/ordering.md): permissions only narrow, and the person's newest wish wins.
 */
final class YoungerRestrictions {
  private YoungerRestrictions() {}

  /** {@code view} narrowed by what was seen since for the subject and the phone (either may be null). */
  static SuppressionView narrow(SuppressionView view, KnownRestrictions bySubject, KnownRestrictions byPhone) {
    if (bySubject == null && byPhone == null) {
      return view;
    }
    PreferenceEntry subjectPrefs =
        PreferenceEntry.union(view.subjectPreferences(), bySubject == null ? null : bySubject.preferences());
    PreferenceEntry phonePrefs =
        PreferenceEntry.union(view.phonePreferences(), byPhone == null ? null : byPhone.preferences());
    DoNotRepeatEntry dnr = view.doNotRepeat();
    DoNotRepeatEntry younger = bySubject == null ? null : bySubject.doNotRepeat();
    if (younger != null) {
      dnr = dnr == null ? younger : unionDoNotRepeat(dnr, younger);
    }
    return new SuppressionView(view.tps(), view.consent(), phonePrefs, subjectPrefs, dnr, view.registers());
  }

  private static DoNotRepeatEntry unionDoNotRepeat(DoNotRepeatEntry a, DoNotRepeatEntry b) {
    List<String> ids = new ArrayList<>(a.partnerIds());
    b.partnerIds().stream().filter(id -> !ids.contains(id)).forEach(ids::add);
    boolean newerB = b.updatedAt() >= a.updatedAt();
    return new DoNotRepeatEntry(
        a.allPartners() || b.allPartners(), ids, Math.max(a.updatedAt(), b.updatedAt()),
        newerB ? b.source() : a.source());
  }
}
