package com.avalo.precompute.store;

import com.avalo.precompute.io.CacheWrite;
import com.avalo.precompute.io.DeadLetter;
import com.avalo.precompute.io.RecordCoder;
import com.avalo.precompute.schemas.CacheDocument;
import com.avalo.precompute.serving.store.DocumentStamp;
import com.avalo.precompute.serving.store.LastWriters.LastWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.coders.VoidCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * A store that is read as the real one is (its keys for the diff, the checks of a manifest) and
 * never written: each put and delete the diff decides is counted as the real writer counts it, so a
 * dry run's summary says what the run would write, delete and cost. Dead letters are counted where
 * they arise (the summary gives them by collection) and go nowhere.
 */
final class DryRunStoreWriter implements StoreWriter {
  private final StoreWriter real;
  private final boolean exists;

  /**
   * @param exists false for an embedded store whose file is not there yet: opening it would make
   *     it, so it is taken as empty instead of read
   */
  DryRunStoreWriter(StoreWriter real, boolean exists) {
    this.real = real;
    this.exists = exists;
  }

  @Override
  public void checkReachable() {
    if (exists) {
      real.checkReadable();
    }
  }

  @Override
  public boolean answersOverNetwork() {
    return real.answersOverNetwork();
  }

  @Override
  public PTransform<PCollection<CacheWrite>, PCollection<DeadLetter>> writeDocuments() {
    return new CountWrites();
  }

  @Override
  public PTransform<PCollection<DeadLetter>, PCollection<Void>> writeDeadLetters(String runId) {
    return new DropDeadLetters();
  }

  @Override
  public PTransform<PBegin, PCollection<DocumentStamp>> readStamps(String job) {
    if (exists) {
      return real.readStamps(job);
    }
    return new PTransform<>() {
      @Override
      public PCollection<DocumentStamp> expand(PBegin begin) {
        return begin.apply("NoStoreYet", Create.empty(RecordCoder.of(DocumentStamp.class)));
      }
    };
  }

  @Override
  public Set<String> holding(List<String> keys) {
    return exists ? real.holding(keys) : Set.of();
  }

  @Override
  public Optional<CacheDocument> firstWithPrefix(String prefix) {
    return exists ? real.firstWithPrefix(prefix) : Optional.empty();
  }

  @Override
  public Map<String, LastWriter> lastWriters(List<String> jobs) {
    return exists ? real.lastWriters(jobs) : Map.of();
  }

  /** None: a dry run writes nothing. */
  @Override
  public Optional<LastWriter> markWriting(Map<String, LastWriter> seen, List<LastWriter> marks) {
    return Optional.empty();
  }

  /** Nothing to check: a dry run marked nothing. */
  @Override
  public PTransform<PCollection<String>, PCollection<String>> markOverlappedJobs(
      List<LastWriter> ours) {
    return PTransform.compose((PCollection<String> checked) -> checked.apply("NoMarksToCheck",
        MapElements.into(TypeDescriptors.strings()).via((String element) -> element)));
  }

  @Override
  public String defaultStateLocation() {
    return real.defaultStateLocation();
  }

  @Override
  public String deadLetterLocation(String runId) {
    return "nowhere (a dry run writes none)";
  }

  @Override
  public String describe() {
    return real.describe();
  }

  /** Counts each put by job and each delete, as the real writers do, and writes nothing. */
  private static final class CountWrites
      extends PTransform<PCollection<CacheWrite>, PCollection<DeadLetter>> {
    @Override
    public PCollection<DeadLetter> expand(PCollection<CacheWrite> writes) {
      return writes.apply("CountWithoutWriting", ParDo.of(new CountWritesFn()))
          .setCoder(RecordCoder.of(DeadLetter.class));
    }
  }

  private static final class CountWritesFn extends DoFn<CacheWrite, DeadLetter> {
    private final Map<String, Counter> writtenByJob = new HashMap<>();
    private final Counter deleted = WriteCounters.deleted();

    @ProcessElement
    public void process(@Element CacheWrite write) {
      if (write.isDelete()) {
        deleted.inc();
      } else {
        writtenByJob.computeIfAbsent(write.job(), WriteCounters::writtenBy).inc();
      }
    }
  }

  private static final class DropDeadLetters
      extends PTransform<PCollection<DeadLetter>, PCollection<Void>> {
    @Override
    public PCollection<Void> expand(PCollection<DeadLetter> letters) {
      return letters.apply("CountedNotWritten", ParDo.of(new DoFn<DeadLetter, Void>() {
        @ProcessElement
        public void process() {}
      })).setCoder(VoidCoder.of());
    }
  }
}
