package com.avalo.precompute.store;

import com.avalo.precompute.io.CacheWrite;
import com.avalo.precompute.io.DeadLetter;
import com.avalo.precompute.io.RecordCoder;
import com.avalo.precompute.io.StoreRefusal;
import com.avalo.precompute.schemas.CacheDocument;
import com.avalo.precompute.serving.store.FirestoreCodec;
import com.avalo.precompute.serving.store.FirestoreStoreSpec;
import com.google.firestore.v1.Document;
import com.google.firestore.v1.Value;
import com.google.firestore.v1.Write;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.beam.sdk.io.gcp.firestore.FirestoreIO;
import org.apache.beam.sdk.io.gcp.firestore.FirestoreOptions;
import org.apache.beam.sdk.io.gcp.firestore.FirestoreV1;
import org.apache.beam.sdk.io.gcp.firestore.FirestoreV1.WriteFailure;
import org.apache.beam.sdk.io.gcp.firestore.FirestoreV1.WriteSuccessSummary;
import org.apache.beam.sdk.io.gcp.firestore.RpcQosOptions;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import com.avalo.precompute.serving.store.DocumentStamp;
import com.avalo.precompute.serving.store.LastWriters.LastWriter;
import org.apache.beam.sdk.values.PBegin;

/**
 * Writes a run into Firestore with FirestoreIO's BatchWrite, throttled across all workers and
 * retried as its {@link RpcQosOptions} say; documents laid out by serving's
 * {@link FirestoreCodec}, so the store reads back what was written. BatchWrite is not atomic:
 * each write succeeds or fails alone, so each failure becomes its own dead letter. The run's dead
 * letters go to a collection of the same database ({@link FirestoreDeadLetters}).
 */
final class FirestoreStoreWriter implements StoreWriter {
  private final FirestoreStoreSpec spec;
  private final String deadLetterCollection;
  private final RpcQosOptions qos;

  /** {@code qos}: FirestoreIO's throttle and retries ({@link com.avalo.precompute.io.FirestoreQos}). */
  FirestoreStoreWriter(FirestoreStoreSpec spec, String deadLetterCollection, RpcQosOptions qos) {
    this.spec = spec;
    this.deadLetterCollection = deadLetterCollection;
    this.qos = qos;
  }

  @Override
  public void checkReachable() {
    spec.open().close(); // opening checks that it answers
  }

  @Override
  public boolean answersOverNetwork() {
    return true;
  }

  @Override
  public PTransform<PCollection<CacheWrite>, PCollection<DeadLetter>> writeDocuments() {
    return new WriteToFirestore(spec, qos);
  }

  @Override
  public Set<String> holding(List<String> keys) {
    return StoreWriters.holding(spec, keys);
  }

  @Override
  public Optional<CacheDocument> firstWithPrefix(String prefix) {
    return StoreWriters.firstWithPrefix(spec, prefix);
  }

  @Override
  public Map<String, LastWriter> lastWriters(List<String> jobs) {
    return StoreWriters.lastWriters(spec, jobs);
  }

  @Override
  public Optional<LastWriter> markWriting(Map<String, LastWriter> seen, List<LastWriter> marks) {
    return StoreWriters.markWriting(spec, seen, marks);
  }

  @Override
  public PTransform<PCollection<String>, PCollection<String>> markOverlappedJobs(
      List<LastWriter> ours) {
    return new MarkOverlappedJobs(spec, describe(), ours);
  }

  @Override
  public PTransform<PBegin, PCollection<DocumentStamp>> readStamps(String job) {
    return new ReadStoredStamps(spec, job);
  }

  @Override
  public String defaultStateLocation() {
    return null; // a local directory would be lost with the launcher's machine
  }

  @Override
  public PTransform<PCollection<DeadLetter>, PCollection<WriteSuccessSummary>> writeDeadLetters(String runId) {
    return new FirestoreDeadLetters(spec.withCollection(deadLetterCollection), runId, qos);
  }

  @Override
  public String deadLetterLocation(String runId) {
    return "firestore collection " + deadLetterCollection;
  }

  @Override
  public String describe() {
    return spec.toString();
  }

  /** The BatchWrite to {@code spec}'s database, throttled and retried as {@code qos} says. */
  static FirestoreV1.BatchWriteWithSummary.Builder batchWrite(FirestoreStoreSpec spec, RpcQosOptions qos,
      PCollection<?> input) {
    // FirestoreIO takes its emulator from the pipeline's options, not from the transform.
    String emulator = input.getPipeline().getOptions().as(FirestoreOptions.class).getEmulatorHost();
    if (!Objects.equals(blankToNull(emulator), spec.emulatorHost())) {
      throw new IllegalArgumentException("the store " + spec + " and the pipeline's --emulatorHost="
          + emulator + " disagree: FirestoreIO writes where the pipeline options point");
    }
    // The database too: FirestoreIO would otherwise take --firestoreDb, the source's database,
    // and write the cache documents (named in the store's) there.
    return FirestoreIO.v1().write().withProjectId(spec.project())
        .withDatabaseId(FirestoreStoreSpec.DATABASE).batchWrite()
        .withRpcQosOptions(qos);
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }

  /** Puts and deletes as Firestore writes; a write Firestore refused comes back as a dead letter. */
  static final class WriteToFirestore
      extends PTransform<PCollection<CacheWrite>, PCollection<DeadLetter>> {
    private final FirestoreStoreSpec spec;
    private final RpcQosOptions qos;

    WriteToFirestore(FirestoreStoreSpec spec, RpcQosOptions qos) {
      this.spec = spec;
      this.qos = qos;
    }

    @Override
    public PCollection<DeadLetter> expand(PCollection<CacheWrite> writes) {
      return writes
          .apply("ToFirestoreWrites", ParDo.of(new ToFirestoreWriteFn(spec)))
          .apply("BatchWrite", batchWrite(spec, qos, writes).withDeadLetterQueue().build())
          .apply("FailuresToDeadLetters", ParDo.of(new FailureToDeadLetterFn()))
          .setCoder(RecordCoder.of(DeadLetter.class));
    }

    /**
     * A refused write as a dead letter whose origin is the document's path in the database
     * ({@code precompute_cache/<key>}): the full resource name would put the project's name in
     * front of the key, and a long one would push the key past what an origin keeps.
     */
    static DeadLetter deadLetter(WriteFailure failure) {
      Write write = failure.getWrite();
      String name = write.hasUpdate() ? write.getUpdate().getName() : write.getDelete();
      String documents = "/documents/";
      int path = name.indexOf(documents);
      return (write.hasUpdate() ? StoreRefusal.PUT : StoreRefusal.DELETE).letter(
          path < 0 ? name : name.substring(path + documents.length()),
          failure.getStatus().getMessage(), failure.getWriteResult().toString());
    }
  }

  /**
   * A refused write as its dead letter, counted where the run's summary and progress line count
   * dead letters, and taken off what {@link ToFirestoreWriteFn} counted as written or deleted when
   * it handed the write over: the summary then says what the store took, as the ledger does
   * ({@code RunTally}), and a run with refused writes no longer reads "dead-lettered: 0".
   */
  static final class FailureToDeadLetterFn extends DoFn<WriteFailure, DeadLetter> {
    private final Counter deadLettered = Metrics.counter("dead_lettered", "cache");
    private final Map<String, Counter> writtenByJob = new HashMap<>();
    private final Counter deleted = WriteCounters.deleted();

    @ProcessElement
    public void process(@Element WriteFailure failure, OutputReceiver<DeadLetter> out) {
      Write write = failure.getWrite();
      if (write.hasUpdate()) {
        Value job = write.getUpdate().getFieldsMap().get(FirestoreCodec.JOB);
        if (job != null) {
          writtenByJob.computeIfAbsent(job.getStringValue(), WriteCounters::writtenBy).dec();
        }
      } else {
        deleted.dec();
      }
      deadLettered.inc();
      out.output(WriteToFirestore.deadLetter(failure));
    }
  }

  /** Counts writes as they are handed to BatchWrite: a refused one is also a dead letter. */
  static final class ToFirestoreWriteFn extends DoFn<CacheWrite, Write> {
    private final FirestoreStoreSpec spec;
    private final Map<String, Counter> writtenByJob = new HashMap<>();
    private final Counter deleted = WriteCounters.deleted();

    ToFirestoreWriteFn(FirestoreStoreSpec spec) {
      this.spec = spec;
    }

    @ProcessElement
    public void process(@Element CacheWrite write, OutputReceiver<Write> out) {
      if (write.isDelete()) {
        deleted.inc();
      } else {
        writtenByJob.computeIfAbsent(write.job(), WriteCounters::writtenBy).inc();
      }
      out.output(toWrite(spec, write));
    }
  }

  /** The Firestore write of one cache change. */
  static Write toWrite(FirestoreStoreSpec spec, CacheWrite write) {
    if (write.isDelete()) {
      return Write.newBuilder().setDelete(spec.documentName(write.key())).build();
    }
    return Write.newBuilder().setUpdate(Document.newBuilder()
        .setName(spec.documentName(write.key()))
        .putAllFields(FirestoreCodec.toValues(write.document()))).build();
  }
}
