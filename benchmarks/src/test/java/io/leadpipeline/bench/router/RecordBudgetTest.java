package io.leadpipeline.bench.router;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RecordBudgetTest {

  @Test
  void sortsTheRoutersTopicsByWhatTheyAreFor() {
    assertThat(RecordBudget.kind("bench-eos.router-by-phone-repartition")).isEqualTo("internal hops (repartition topics)");
    assertThat(RecordBudget.kind("bench-eos.router-join-hold-changelog")).isEqualTo("state (changelog topics)");
    assertThat(RecordBudget.kind("bench-eos.leads.landlord.acme")).isEqualTo("leads");
    assertThat(RecordBudget.kind("bench-eos.leads.operator.acme")).isEqualTo("leads");
    assertThat(RecordBudget.kind("bench-eos.lead-decisions")).isEqualTo("decisions");
    assertThat(RecordBudget.kind("bench-pass-eos.enquiries-out")).isEqualTo("copies (the passthrough's output)");
    assertThat(RecordBudget.kind("bench-eos.router-clock-probe")).isEqualTo("other (bench-eos.router-clock-probe)");
  }
}
