package com.avalo.precompute.ledger;

import com.avalo.precompute.incremental.FirestorePrices;
import com.avalo.precompute.io.RunOutputs;
import com.avalo.precompute.serving.store.RunCounts;
import com.avalo.precompute.serving.store.AttemptKey;
import com.avalo.precompute.serving.store.RunLedger;
import com.avalo.precompute.serving.store.StoreSpec;
import java.time.Instant;
import java.util.List;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Wait;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;

/**
 * The last step of a scheduled run's pipeline: once every document and dead letter is written
 * ({@code Wait.on} the writes), records the attempt's success in the run ledger with what the
 * pipeline counted ({@link RunTally}). It is part of the pipeline, not of its launcher, so a
 * Dataflow job records its own success after the launcher has long exited. A pipeline that
 * fails never gets here, and its lease runs out.
 */
public final class RecordSuccessInLedger extends PTransform<PBegin, PCollection<Void>> {
  private final RunOutputs outputs;
  private final StoreSpec store;
  private final AttemptKey attempt;
  private final FirestorePrices prices;

  /**
   * Records {@code attempt}'s success in the ledger of {@code store} after {@code outputs}, with
   * its cost at {@code prices}.
   */
  public RecordSuccessInLedger(RunOutputs outputs, StoreSpec store, AttemptKey attempt,
      FirestorePrices prices) {
    this.outputs = outputs;
    this.store = store;
    this.attempt = attempt;
    this.prices = prices;
  }

  @Override
  public PCollection<Void> expand(PBegin begin) {
    List<PCollection<?>> written = outputs.written();
    return begin.apply("TallyRunOutputs", new TallyRunOutputs(outputs))
        .apply("AfterAllWrites", Wait.on(written))
        .apply("MarkSucceeded", ParDo.of(new MarkSucceededFn(store, attempt, prices,
            outputs.manifests())));
  }

  /**
   * Writes the success. A retried bundle finds it recorded already and changes nothing; a ledger
   * that cannot be written fails the step, and so the run.
   */
  static final class MarkSucceededFn extends DoFn<RunTally, Void> {
    private final StoreSpec store;
    private final AttemptKey attempt;
    private final FirestorePrices prices;
    private final List<String> manifests;

    MarkSucceededFn(StoreSpec store, AttemptKey attempt, FirestorePrices prices,
        List<String> manifests) {
      this.store = store;
      this.attempt = attempt;
      this.prices = prices;
      this.manifests = List.copyOf(manifests);
    }

    @ProcessElement
    public void process(@Element RunTally tally) {
      try (RunLedger ledger = store.openLedger()) {
        RunCounts counts = tally.counts();
        // Writes (the dead letters' documents too), deletes and the reads of the store's stamps,
        // as the run's summary counts them (RunCost).
        double cost = prices.cost(counts.documentsWritten() + tally.deadLetterDocuments(),
            counts.documentsDeleted(), tally.stampsRead());
        ledger.succeed(attempt, counts, cost, manifests, Instant.now());
      }
    }
  }
}
