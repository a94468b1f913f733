package com.avalo.precompute.io;

import com.avalo.precompute.schemas.CacheDocument;
import com.avalo.precompute.schemas.Json;
import com.avalo.precompute.serving.store.FirestoreFields;
import com.avalo.precompute.serving.store.SqliteCacheStore;
import com.avalo.precompute.serving.store.StoreSpec;
import com.google.firestore.v1.Document;
import com.google.firestore.v1.Value;
import com.google.firestore.v1.Write;
import com.google.protobuf.Timestamp;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.apache.beam.sdk.io.gcp.firestore.FirestoreIO;
import org.apache.beam.sdk.io.gcp.firestore.FirestoreV1.WriteFailure;
import org.apache.beam.sdk.io.gcp.firestore.RpcQosOptions;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptor;

/**
 * Writes cache documents (and deletes stale ones) to the store the run names, after refusing any
 * document too big for Firestore. Returns the dead letters of writing: oversized documents and,
 * on Firestore, writes that failed after FirestoreIO's retries (BatchWrite is not atomic: each
 * write succeeds or fails alone, so a failure is reported per document).
 */
public final class WriteCacheDocuments extends PTransform<PCollection<CacheWrite>, PCollection<DeadLetter>> {
  /** Firestore's limit is 1 MiB per document; keep a margin for field names and index overhead. */
  public static final int MAX_DOCUMENT_BYTES = 1_000_000;

  private static final TupleTag<CacheWrite> ACCEPTED = new TupleTag<>();

  private final StoreSpec store;
  private final int firestoreWorkers;

  private WriteCacheDocuments(StoreSpec store, int firestoreWorkers) {
    this.store = store;
    this.firestoreWorkers = firestoreWorkers;
  }

  public static WriteCacheDocuments to(StoreSpec store, PrecomputeOptions options) {
    return new WriteCacheDocuments(store, FirestoreWorkers.hint(options));
  }

  @Override
  public PCollection<DeadLetter> expand(PCollection<CacheWrite> writes) {
    PCollectionTuple checked = writes.apply("RefuseOversized", ParDo.of(new RefuseOversizedFn())
        .withOutputTags(ACCEPTED, TupleTagList.of(ParseRecords.DEAD_LETTERS)));
    checked.get(ACCEPTED).setCoder(JsonRecordCoder.of(CacheWrite.class));
    PCollection<DeadLetter> oversized =
        checked.get(ParseRecords.DEAD_LETTERS).setCoder(JsonRecordCoder.of(DeadLetter.class));
    PCollection<DeadLetter> failed = switch (store.kind()) {
      case SQLITE -> {
        checked.get(ACCEPTED).apply("WriteToSqlite", ParDo.of(new WriteToSqliteFn(store.sqlitePath())));
        yield writes.getPipeline().apply("NoWriteFailures",
            Create.empty(JsonRecordCoder.of(DeadLetter.class)));
      }
      case FIRESTORE -> writeToFirestore(checked.get(ACCEPTED));
    };
    return org.apache.beam.sdk.values.PCollectionList.of(oversized).and(failed)
        .apply("AllWriteDeadLetters", org.apache.beam.sdk.transforms.Flatten.pCollections());
  }

  private PCollection<DeadLetter> writeToFirestore(PCollection<CacheWrite> writes) {
    String collectionPath = "projects/" + store.project() + "/databases/(default)/documents/"
        + store.collection() + "/";
    RpcQosOptions qos = RpcQosOptions.newBuilder().withHintMaxNumWorkers(firestoreWorkers).build();
    return writes
        .apply("ToFirestoreWrites", ParDo.of(new DoFn<CacheWrite, Write>() {
          private final Counter deleted = Metrics.counter("documents_deleted", "all");

          @ProcessElement
          public void process(@Element CacheWrite write, OutputReceiver<Write> out) {
            if (write.isDelete()) {
              deleted.inc();
            } else {
              writtenBy(write.document().job()).inc();
            }
            out.output(toFirestoreWrite(collectionPath, write));
          }
        }))
        .apply("BatchWrite", FirestoreIO.v1().write().batchWrite().withRpcQosOptions(qos)
            .withDeadLetterQueue().build())
        .apply("FailuresToDeadLetters", MapElements.into(TypeDescriptor.of(DeadLetter.class))
            .via((WriteFailure failure) -> DeadLetter.of("write", "cache",
                failure.getWrite().hasUpdate() ? failure.getWrite().getUpdate().getName()
                    : failure.getWrite().getDelete(),
                "Firestore refused the write: " + failure.getStatus().getMessage(),
                failure.getWriteResult().toString())))
        .setCoder(JsonRecordCoder.of(DeadLetter.class));
  }

  /**
   * The counter of documents written by {@code job}: per job, so progress can say what each job
   * of a run has written so far (the summary adds them up).
   */
  static Counter writtenBy(String job) {
    return Metrics.counter("documents_written", job);
  }

  /** The Firestore write of one cache change; field layout as {@link FirestoreFields}. */
  static Write toFirestoreWrite(String collectionPath, CacheWrite write) {
    if (write.isDelete()) {
      return Write.newBuilder().setDelete(collectionPath + write.key()).build();
    }
    CacheDocument document = write.document();
    Document.Builder fields = Document.newBuilder().setName(collectionPath + document.key())
        .putFields(FirestoreFields.KEY, string(document.key()))
        .putFields(FirestoreFields.TYPE, string(document.type()))
        .putFields(FirestoreFields.SCHEMA_VERSION,
            Value.newBuilder().setIntegerValue(document.schemaVersion()).build())
        .putFields(FirestoreFields.JOB, string(document.job()))
        .putFields(FirestoreFields.RUN_ID, string(document.runId()))
        .putFields(FirestoreFields.AS_OF, timestamp(document.asOf()))
        .putFields(FirestoreFields.COMPUTED_AT, timestamp(document.computedAt()))
        .putFields(FirestoreFields.EXPIRES_AT, timestamp(document.expiresAt()))
        .putFields(FirestoreFields.CONTENT_HASH, string(document.contentHash()))
        .putFields(FirestoreFields.PAYLOAD, string(Json.write(document.payload())));
    return Write.newBuilder().setUpdate(fields).build();
  }

  private static Value string(String value) {
    return Value.newBuilder().setStringValue(value).build();
  }

  private static Value timestamp(Instant instant) {
    return Value.newBuilder().setTimestampValue(Timestamp.newBuilder()
        .setSeconds(instant.getEpochSecond()).setNanos(instant.getNano())).build();
  }

  static final class RefuseOversizedFn extends DoFn<CacheWrite, CacheWrite> {
    private final Counter refused = Metrics.counter("dead_lettered", "cache");

    @ProcessElement
    public void process(@Element CacheWrite write, MultiOutputReceiver out) {
      if (!write.isDelete()) {
        int size = write.document().jsonSizeBytes();
        if (size > MAX_DOCUMENT_BYTES) {
          refused.inc();
          String json = write.document().toJson();
          out.get(ParseRecords.DEAD_LETTERS).output(DeadLetter.of(write.document().job(), "cache",
              write.key(), "document is " + size + " bytes, over the " + MAX_DOCUMENT_BYTES
                  + "-byte limit (Firestore allows 1 MiB); page or trim this type",
              json));
          return;
        }
      }
      out.get(ACCEPTED).output(write);
    }
  }

  /** Writes in batches of {@link #BATCH}, each one SQLite transaction. */
  static final class WriteToSqliteFn extends DoFn<CacheWrite, Void> {
    private static final int BATCH = 500;
    // One store per file per JVM: DoFn instances are many, SQLite wants few connections.
    private static final Map<String, SqliteCacheStore> STORES = new ConcurrentHashMap<>();

    private final String path;
    private final Counter deleted = Metrics.counter("documents_deleted", "all");
    private transient List<CacheDocument> puts;
    private transient List<String> deletes;

    WriteToSqliteFn(String path) {
      this.path = path;
    }

    @StartBundle
    public void start() {
      puts = new ArrayList<>();
      deletes = new ArrayList<>();
    }

    @ProcessElement
    public void process(@Element CacheWrite write) {
      if (write.isDelete()) {
        deletes.add(write.key());
      } else {
        puts.add(write.document());
      }
      if (puts.size() + deletes.size() >= BATCH) {
        flush();
      }
    }

    @FinishBundle
    public void finish() {
      flush();
    }

    private void flush() {
      SqliteCacheStore store = STORES.computeIfAbsent(path, p -> SqliteCacheStore.open(Path.of(p)));
      store.write(puts);
      store.delete(deletes);
      puts.stream().collect(Collectors.groupingBy(CacheDocument::job, Collectors.counting()))
          .forEach((job, count) -> writtenBy(job).inc(count));
      deleted.inc(deletes.size());
      puts.clear();
      deletes.clear();
    }
  }
}
