package com.avalo.precompute.ledger;

import com.avalo.precompute.io.CacheWrite;
import com.avalo.precompute.io.DeadLetter;
import com.avalo.precompute.io.RecordCoder;
import com.avalo.precompute.io.RunOutputs;
import com.avalo.precompute.serving.store.DocumentStamp;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.TypeDescriptor;

/** Counts a run's writes, reads of the store and dead letters into one {@link RunTally} (one, even when both are empty). */
public final class TallyRunOutputs extends PTransform<PBegin, PCollection<RunTally>> {
  private final RunOutputs outputs;

  public TallyRunOutputs(RunOutputs outputs) {
    this.outputs = outputs;
  }

  @Override
  public PCollection<RunTally> expand(PBegin begin) {
    PCollection<RunTally> writes = outputs.writes().apply("TallyWrites",
        MapElements.into(TypeDescriptor.of(RunTally.class)).via((CacheWrite write) -> RunTally.of(write)));
    PCollection<RunTally> skips = outputs.decisions().apply("TallyDecisions",
        MapElements.into(TypeDescriptor.of(RunTally.class)).via(RunTally::ofDecision));
    PCollection<RunTally> reads = outputs.stampsReadFromStore().apply("TallyStampsRead",
        MapElements.into(TypeDescriptor.of(RunTally.class)).via((DocumentStamp stamp) -> RunTally.ofStampRead()));
    PCollection<RunTally> letters = outputs.deadLetters().apply("TallyDeadLetters",
        MapElements.into(TypeDescriptor.of(RunTally.class)).via((DeadLetter letter) -> RunTally.of(letter)));
    PCollection<RunTally> letterDocuments = outputs.deadLetterDocuments().apply(
        "TallyDeadLetterDocuments", MapElements.into(TypeDescriptor.of(RunTally.class))
            .via((String id) -> RunTally.ofDeadLetterDocument()));
    return PCollectionList.of(writes).and(skips).and(reads).and(letters).and(letterDocuments)
        .apply("AllTallies", Flatten.pCollections())
        .apply("SumTallies", Combine.globally(new SumTallies()))
        .setCoder(RecordCoder.of(RunTally.class));
  }

  /** Adds tallies up; an empty run is {@link RunTally#NONE}. */
  static final class SumTallies extends Combine.BinaryCombineFn<RunTally> {
    @Override
    public RunTally apply(RunTally left, RunTally right) {
      return left.plus(right);
    }

    @Override
    public RunTally identity() {
      return RunTally.NONE;
    }
  }
}
