package io.leadpipeline.router.allocation;

import io.leadpipeline.router.reoffer.LeadAnswer;
import io.leadpipeline.router.reoffer.OfferedEnquiry;
import io.leadpipeline.router.reoffer.OfferedLead;
import io.leadpipeline.router.reoffer.Reoffers;
import io.leadpipeline.router.suppression.Screening;
import io.leadpipeline.router.suppression.SuppressionView;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A partner's answer (docs/SPECIFICATION.md §6.8). The first answer to a lead by its recipient
 * counts; a rejection within the response window sends the enquiry back through the suppression
 * stages, as of the rejection's time, to be offered to one more partner. Anything else (an
 * acceptance, a repeat, a late answer, an unknown lead, another partner's answer) ends here.
 */
final class Answers {
  private static final Logger LOG = LoggerFactory.getLogger(Answers.class);
  private final AllocationStores stores;
  private final Outputs out;

  Answers(AllocationStores stores, Outputs out) {
    this.stores = stores;
    this.out = out;
  }

  void onAnswer(LeadAnswer a, long now) {
    OfferedLead lead = stores.offeredLeads.get(a.leadId());
    if (lead == null) {
      LOG.debug("answer to lead {}, which is not one the router shared within its window; ignored", a.leadId());
      return;
    }
    if (!lead.partnerId().equals(a.partnerId())) {
      LOG.warn("answer to lead {} by partner {}, which is not its recipient; ignored", a.leadId(), a.partnerId());
      return;
    }
    if (lead.answered()) {
      return; // the first answer counts
    }
    stores.offeredLeads.put(a.leadId(), lead.answer());
    if (!a.rejected()) {
      return;
    }
    if (!lead.withinWindow(a.at())) {
      LOG.info("lead {} rejected outside its response window; not re-offered", a.leadId());
      return;
    }
    long t = a.at();
    OfferedEnquiry offered = stores.offeredEnquiries.get(lead.enquiryId());
    if (offered != null) {
      // Two re-offers of one enquiry never share a screening time (the stages hold them by it).
      t = offered.nextScreeningTime(a.at());
      stores.offeredEnquiries.put(lead.enquiryId(), offered.rejected(a.leadId()).screenedAt(t));
    }
    // Without a stored enquiry (the person was erased) it still goes, keys only, to be decided ERASED.
    Screening back = new Screening(
        Reoffers.keysOnly(lead.enquiryId(), lead.subjectKey(), lead.phoneKey(), t), SuppressionView.NOTHING,
        List.of(), new Screening.ReofferRequest(a.leadId(), a.partnerId()));
    out.reoffer(lead.enquiryId(), back, now);
  }
}
