package io.leadpipeline.router.allocation;

import io.leadpipeline.router.delivery.Outbound;
import io.leadpipeline.router.notices.CorrectionRequest;
import io.leadpipeline.router.notices.NoticeLedger;
import io.leadpipeline.router.notices.SubjectErasure;
import io.leadpipeline.router.ops.RouterMetrics;
import io.leadpipeline.router.reoffer.LeadAnswer;
import io.leadpipeline.router.suppression.Screening;
import io.leadpipeline.router.suppression.SuppressionChange;
import io.leadpipeline.router.validation.NormalisedEnquiry;
import java.time.Duration;
import java.util.Set;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.StoreBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The allocation step: match, dedupe, cap, choose, fan out, decide, and tell partners about later
 * changes of mind. It runs as the only task of a single-partition repartition topic: caps and the
 * round-robin are global per partner, so their counters need one writer, and under exactly-once
 * the counter updates commit in the same transaction as the leads they count — a cap is never
 * exceeded, even across a crash. The price is that allocation does not scale out beyond one
 * thread; the suppression stages before it still run in parallel.
 *
 * <p>The processor only dispatches: a screened enquiry is planned by {@link AllocationPlanner}
 * over a snapshot of the stores and the plan applied; answers, changes, erasures, corrections,
 * waiting leads and clean-up each have their own class. All share one task, since they write the same stores.
 */
public final class AllocationStage implements ProcessorSupplier<String, AllocationInput, String, Outbound> {
  private static final Logger LOG = LoggerFactory.getLogger(AllocationStage.class);
  private static final Duration HOUSEKEEPING = Duration.ofHours(1);

  private final String partnersStore;
  private final int maxPartners;
  private final Duration dedupeWindow;
  private final long retentionMs;
  private final long restrictionsMs;
  private final Duration deferredCheck;
  private final RouterMetrics metrics;

  /**
   * @param partnersStore the global partners table's store
   * @param restrictionsRetention how long a known restriction is kept (the suppression history)
   */
  public AllocationStage(
      String partnersStore,
      int maxPartners,
      Duration dedupeWindow,
      Duration introductionRetention,
      Duration restrictionsRetention,
      Duration deferredCheck,
      RouterMetrics metrics) {
    this.partnersStore = partnersStore;
    this.maxPartners = maxPartners;
    this.dedupeWindow = dedupeWindow;
    this.retentionMs = Math.max(introductionRetention.toMillis(), dedupeWindow.toMillis());
    this.restrictionsMs = restrictionsRetention.toMillis();
    this.deferredCheck = deferredCheck;
    this.metrics = metrics;
  }

  /** This stage with its stores and the notice ledger's declared, for {@code KStream#process}. */
  public ProcessorSupplier<String, AllocationInput, String, Outbound> withStores() {
    return NoticeLedger.declaredFor(this);
  }

  @Override
  public Set<StoreBuilder<?>> stores() {
    return AllocationStores.builders();
  }

  @Override
  public Processor<String, AllocationInput, String, Outbound> get() {
    return new Step();
  }

  private final class Step implements Processor<String, AllocationInput, String, Outbound> {
    private final AllocationPlanner planner = new AllocationPlanner(maxPartners, dedupeWindow);
    private ProcessorContext<String, Outbound> context;
    private AllocationStores stores;
    private Outputs out;
    private ChangeNotices changes;
    private Erasures erasures;
    private Answers answers;
    private Corrections corrections;

    @Override
    public void init(ProcessorContext<String, Outbound> context) {
      this.context = context;
      stores = new AllocationStores(context, partnersStore, metrics.deferred(context.taskId().toString()));
      out = new Outputs(context, metrics, stores.noticed);
      changes = new ChangeNotices(stores, out);
      erasures = new Erasures(stores, out, metrics);
      answers = new Answers(stores, out);
      corrections = new Corrections(stores, out);
      DeferredRelease release = new DeferredRelease(stores, out, metrics);
      Housekeeping housekeeping = new Housekeeping(stores, dedupeWindow.toMillis(), retentionMs, restrictionsMs);
      context.schedule(deferredCheck, PunctuationType.WALL_CLOCK_TIME, release::release);
      context.schedule(HOUSEKEEPING, PunctuationType.WALL_CLOCK_TIME, housekeeping::forgetOldEntries);
    }

    @Override
    public void process(Record<String, AllocationInput> record) {
      long now = context.currentSystemTimeMs();
      record.value().match(new AllocationInput.Cases<Void>() {
        @Override
        public Void screened(Screening s) {
          if (s.reoffer() != null) {
            reoffer(s, now);
          } else {
            allocate(s, now);
          }
          return null;
        }

        @Override
        public Void change(SuppressionChange c) {
          changes.onChange(c, now);
          return null;
        }

        @Override
        public Void erasure(SubjectErasure e) {
          erasures.onErasure(e, record.timestamp(), now);
          return null;
        }

        @Override
        public Void answer(LeadAnswer a) {
          answers.onAnswer(a, now);
          return null;
        }

        @Override
        public Void rectification(CorrectionRequest r) {
          corrections.onRectification(r, now);
          return null;
        }
      });
    }

    private void allocate(Screening s, long now) {
      NormalisedEnquiry e = s.enquiry();
      // enquiryId is the producer's idempotency key: a re-sent enquiry gets no second decision.
      if (stores.decided.get(e.enquiryId()) != null) {
        LOG.info("enquiry {} was already decided; ignoring the repeat", e.enquiryId());
        return;
      }
      stores.decided.put(e.enquiryId(), now);
      AllocationPlanner.Plan plan = planner.enquiry(s, stores.snapshot(e, now), now);
      if (plan.decision().getOutcome() == io.leadpipeline.avro.DecisionOutcome.ERASED) {
        LOG.info("enquiry {} not routed: its sender asked to be erased after sending it", e.enquiryId());
      }
      apply(plan, e, now);
    }

    private void reoffer(Screening s, long now) {
      var offered = stores.offeredEnquiries.get(s.enquiry().enquiryId());
      AllocationPlanner.Plan plan = planner.reoffer(s, offered, stores.snapshot(s.enquiry(), now), now);
      var stop = plan.decision().getReoffer().getStoppedBy();
      if (stop != null) {
        LOG.info("enquiry {} not re-offered after lead {} was rejected: {}",
            s.enquiry().enquiryId(), s.reoffer().rejectedLeadId(), stop);
      }
      apply(plan, s.enquiry(), now);
    }

    private void apply(AllocationPlanner.Plan plan, NormalisedEnquiry e, long now) {
      stores.apply(plan, e);
      plan.suppressed().forEach(metrics::suppressed);
      plan.capExhausted().forEach(metrics::capExhausted);
      for (AllocationPlanner.PlannedLead lead : plan.leads()) {
        if (!lead.deferred()) {
          out.lead(lead.draft(), now);
        }
      }
      out.decision(plan.decision(), now);
    }

    @Override
    public void close() {
      if (stores != null) {
        stores.deferredCount.set(0); // the task may move to another instance, which counts its own
      }
    }
  }
}
