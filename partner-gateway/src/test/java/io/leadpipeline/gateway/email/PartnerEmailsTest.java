package io.leadpipeline.gateway.email;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipeline.avro.ContactNotice;
import io.leadpipeline.avro.Lead;
import io.leadpipeline.avro.LeadContact;
import io.leadpipeline.avro.NoticeKind;
import io.leadpipeline.gateway.TestLeads;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/partner-delivery.md §7: what a partner reads in a lead or notice email. */
class PartnerEmailsTest {
  private static final Instant T = Instant.parse("2026-12-04T09:30:00Z");

  @Test
  void aLeadEmailReadsPlainlyAndCarriesTheLeadId() {
    EmailMessage m = PartnerEmails.lead(TestLeads.lead("lead-1", "hub", "ada@example.com", "+447700900123", T), "leads@hub.example");

    assertThat(m.to()).isEqualTo("leads@hub.example");
    assertThat(m.subject()).isEqualTo("New office enquiry: 12 desks in London EC2A (lead-1)");
    assertThat(m.body())
        .contains("  Name: Ada Lovelace\n")
        .contains("  Company: Analytical Ltd\n")
        .contains("  Email: ada@example.com\n")
        .contains("  Phone: +447700900123\n")
        .contains("  Desks: 12\n")
        .contains("  Office type: Serviced, Coworking\n")
        .contains("  Budget: £650 per desk per month\n")
        .contains("  Move in: 2027-02-01\n")
        .contains("  Enquired: 4 December 2026, 09:30\n")
        .contains("  Lead id: lead-1\n");
  }

  @Test
  void thePhoneIsLeftOutWhenCallingIsNotPermitted() {
    Lead lead = TestLeads.lead("lead-2", "hub", "ada@example.com", "+447700900123", T);
    lead.setCallPermitted(false);
    EmailMessage m = PartnerEmails.lead(lead, "x@hub.example");
    assertThat(m.body()).doesNotContain("+447700900123").contains("Phone: not shared");
  }

  @Test
  void freeTextCannotAddLinesOrHeaders() {
    Lead lead = TestLeads.lead("lead-3", "hub", "ada@example.com", null, T);
    lead.setContact(LeadContact.newBuilder(lead.getContact()).setFullName("Ada\r\nBcc: evil@example.com").build());
    EmailMessage m = PartnerEmails.lead(lead, "x@hub.example");
    assertThat(m.body()).contains("  Name: Ada  Bcc: evil@example.com\n").doesNotContain("\nBcc:");
  }

  @Test
  void aNoticeEmailSaysWhatToDoAndListsTheLeads() {
    ContactNotice n = ContactNotice.newBuilder().setNoticeId("n-1").setPartnerId("hub").setKind(NoticeKind.DO_NOT_CALL)
        .setLeadIds(List.of("lead-1", "lead-9")).setEffectiveAt(T).setIssuedAt(T).build();
    EmailMessage m = PartnerEmails.notice(n, "x@hub.example");
    assertThat(m.subject()).isEqualTo("Contact notice: do not call (n-1)");
    assertThat(m.body()).contains("Please do not telephone them.").contains("  lead-1\n  lead-9\n").contains("Notice id: n-1");
  }

  @Test
  void aCorrectionEmailCarriesOnlyTheCorrectedFields() {
    io.leadpipeline.avro.CorrectionNotice c = io.leadpipeline.avro.CorrectionNotice.newBuilder().setNoticeId("c-1")
        .setPartnerId("hub").setLeadId("lead-1").setRequestId("r-1").setFullName("Ada King").setPhone(null)
        .setEffectiveAt(T).setIssuedAt(T).build();
    EmailMessage m = PartnerEmails.correction(c, "x@hub.example");
    assertThat(m.subject()).isEqualTo("Contact details corrected (c-1)");
    assertThat(m.body()).contains("  Name: Ada King\n").contains("Lead id: lead-1").contains("Notice id: c-1")
        .doesNotContain("Phone:").doesNotContain("Email:").doesNotContain("Company:");
  }
}
