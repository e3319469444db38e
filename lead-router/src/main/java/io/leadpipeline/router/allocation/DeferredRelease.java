package io.leadpipeline.router.allocation;

import io.leadpipeline.avro.PartnerReason;
import io.leadpipeline.router.delivery.AllocatorState.DeferredLead;
import io.leadpipeline.router.delivery.LeadDraft;
import io.leadpipeline.router.ops.RouterMetrics;
import io.leadpipeline.router.reoffer.OfferedLead;
import io.leadpipeline.router.suppression.SuppressionView;
import io.leadpipeline.router.validation.NormalisedEnquiry;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wall-clock: leads whose partner's hours have opened go out, narrowed by younger restrictions. */
final class DeferredRelease {
  private static final Logger LOG = LoggerFactory.getLogger(DeferredRelease.class);
  private final AllocationStores stores;
  private final Outputs out;
  private final RouterMetrics metrics;

  DeferredRelease(AllocationStores stores, Outputs out, RouterMetrics metrics) {
    this.stores = stores;
    this.out = out;
    this.metrics = metrics;
  }

  void release(long now) {
    List<KeyValue<String, DeferredLead>> due = new ArrayList<>();
    try (KeyValueIterator<String, DeferredLead> it = stores.deferred.all()) {
      while (it.hasNext()) {
        KeyValue<String, DeferredLead> kv = it.next();
        if (kv.value.deliverAt() > now) {
          break; // keys sort by delivery time
        }
        due.add(kv);
      }
    }
    for (KeyValue<String, DeferredLead> kv : due) {
      LeadDraft draft = kv.value.draft();
      NormalisedEnquiry e = draft.enquiry();
      SuppressionView younger = YoungerRestrictions.narrow(SuppressionView.NOTHING,
          stores.restrictions.get(e.subjectKey()), e.hasPhone() ? stores.restrictions.get(e.phoneKey()) : null);
      stores.deferred.delete(kv.key);
      stores.deferredCount.decrementAndGet();
      if (younger.doNotRepeat() != null && younger.doNotRepeat().names(draft.partnerId())) {
        LOG.info("deferred lead {} withdrawn: do-not-repeat arrived while it waited", draft.leadId());
        metrics.suppressed(PartnerReason.DO_NOT_REPEAT.name());
        continue;
      }
      out.lead(draft.restrict(younger.doNotCallAt() == null, younger.marketingOptOutAt() == null), now);
      OfferedLead lead = stores.offeredLeads.get(draft.leadId());
      if (lead != null) {
        stores.offeredLeads.put(draft.leadId(), lead.sent(now)); // its response window starts now
      }
    }
  }
}
