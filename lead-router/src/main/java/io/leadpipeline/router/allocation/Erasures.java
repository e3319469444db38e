package io.leadpipeline.router.allocation;

import io.leadpipeline.router.delivery.AllocatorState.DeferredLead;
import io.leadpipeline.router.delivery.ErasedPerson;
import io.leadpipeline.router.notices.Introductions;
import io.leadpipeline.router.notices.NoticePlanner;
import io.leadpipeline.router.notices.SubjectErasure;
import io.leadpipeline.router.ops.RouterMetrics;
import io.leadpipeline.router.reoffer.OfferedEnquiry;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Erasure: forget whom the person was introduced to and withdraw their leads still waiting for
 * delivery hours. Every partner of the leads the suppression-service found in
 * {@code lead-decisions}, and of any lead decided after it looked, gets one ERASURE notice from
 * here, naming each lead once (docs/SPECIFICATION.md §13). A new enquiry from the person may go
 * to the same partners again; the record of the first introduction lives on in
 * {@code lead-decisions} (keyed hashes only). An enquiry they sent before the request and still
 * in flight is decided ERASED, not routed: the keys and the time are kept for that
 * ({@code erased-people}, as long as the dedupe window). Known restrictions stay: like the
 * service's markers they only stop contact, hold keys and times, and expire with the history
 * retention.
 */
final class Erasures {
  private static final Logger LOG = LoggerFactory.getLogger(Erasures.class);
  /** The {@code enquiries_suppressed_total} reason of a waiting lead withdrawn by an erasure. */
  private static final String ERASED = "ERASED";
  private final AllocationStores stores;
  private final Outputs out;
  private final RouterMetrics metrics;

  Erasures(AllocationStores stores, Outputs out, RouterMetrics metrics) {
    this.stores = stores;
    this.out = out;
    this.metrics = metrics;
  }

  void onErasure(SubjectErasure request, long at, long now) {
    ErasedPerson person = ErasedPerson.of(request);
    if (person.keys().isEmpty()) {
      return;
    }
    Set<String> withdrawnLeads = new HashSet<>();
    List<String> withdrawn = new ArrayList<>();
    try (KeyValueIterator<String, DeferredLead> it = stores.deferred.all()) {
      while (it.hasNext()) {
        KeyValue<String, DeferredLead> kv = it.next();
        if (person.madeEnquiry(kv.value.draft().enquiry())) {
          withdrawn.add(kv.key);
          withdrawnLeads.add(kv.value.draft().leadId());
          LOG.info("deferred lead {} withdrawn: the person asked to be erased", kv.value.draft().leadId());
        }
      }
    }
    for (String key : withdrawn) {
      stores.deferred.delete(key);
      stores.deferredCount.decrementAndGet();
      metrics.suppressed(ERASED);
    }
    Set<String> told = new HashSet<>(request.notifiedLeadIds());
    told.addAll(withdrawnLeads); // never sent: nothing to tell
    List<Introductions> held = person.keys().stream().map(stores::introductionsOf).toList();
    Set<String> leads = new HashSet<>();
    request.found().forEach(r -> leads.addAll(r.leadIds()));
    held.forEach(i -> leads.addAll(i.leadIds()));
    out.notices(NoticePlanner.forErasure(
        request.found(), held, told, request.requestKey(), request.requestedAt(), stores.noticed.of(leads)), now);
    for (String key : person.keys()) {
      stores.introductions.delete(key);
      stores.erased.put(key, at);
    }
    List<String> offeredByThem = new ArrayList<>();
    try (KeyValueIterator<String, OfferedEnquiry> it = stores.offeredEnquiries.all()) {
      while (it.hasNext()) {
        KeyValue<String, OfferedEnquiry> kv = it.next();
        if (person.madeEnquiry(kv.value.enquiry())) {
          offeredByThem.add(kv.key);
        }
      }
    }
    offeredByThem.forEach(stores.offeredEnquiries::delete); // nothing of theirs is offered again
    metrics.erasureApplied();
  }
}
