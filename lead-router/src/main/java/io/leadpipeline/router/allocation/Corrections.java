package io.leadpipeline.router.allocation;

import io.leadpipeline.router.notices.CorrectionPlanner;
import io.leadpipeline.router.notices.CorrectionRequest;
import io.leadpipeline.router.notices.Introductions;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A person's correction of their details (docs/SPECIFICATION.md §8.5): every lead of the partners
 * that received the person is told the corrected fields it may receive, once per request, as
 * {@link CorrectionPlanner} plans it. After an erasure the router holds no introductions of the
 * person, so nobody is told.
 */
final class Corrections {
  private final AllocationStores stores;
  private final Outputs out;

  Corrections(AllocationStores stores, Outputs out) {
    this.stores = stores;
    this.out = out;
  }

  void onRectification(CorrectionRequest request, long now) {
    List<Introductions> held = request.keys().stream().map(stores::introductionsOf).toList();
    Set<String> leads = new HashSet<>();
    held.forEach(i -> leads.addAll(i.leadIds()));
    out.corrections(CorrectionPlanner.forRequest(request, held, stores.noticed.of(leads), now), now);
  }
}
