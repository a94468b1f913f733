package com.avalo.precompute.incremental;

import com.avalo.precompute.io.CacheWrite;
import com.avalo.precompute.io.DeadLetter;
import com.avalo.precompute.io.CacheWriteCoder;
import com.avalo.precompute.io.RecordCoder;
import com.avalo.precompute.io.KeyScope;
import com.avalo.precompute.io.RunContext;
import com.avalo.precompute.schemas.CacheDocument;
import com.avalo.precompute.serving.store.DocumentStamp;
import com.avalo.precompute.store.RefuseOversizedDocuments;
import com.avalo.precompute.store.StoreWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.FlatMapElements;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TypeDescriptor;

/**
 * Writes a run's documents incrementally: sets aside the oversized (keeping their stored copies),
 * diffs the rest with what each job's previous run left ({@link IncrementalRun}), writes only the
 * puts and deletes that diff decides through the {@link StoreWriter}, and leaves this run's
 * manifests, committed after the writes. Returns the dead letters of writing. Jobs emit documents only: deletes are the diff's.
 */
public final class WriteChangedDocuments
    extends PTransform<PCollection<CacheWrite>, PCollectionTuple> {
  /** The dead letters of writing: oversized documents and the writes the store refused. */
  public static final TupleTag<DeadLetter> DEAD_LETTERS = new TupleTag<>() {};
  /** The puts and deletes handed to the store. */
  public static final TupleTag<CacheWrite> WRITES = new TupleTag<>() {};
  /** Each key's decision, as {@link DiffWithPrevious#DECISIONS}. */
  public static final TupleTag<String> DECISIONS = new TupleTag<>() {};
  /** Empty, and complete once the run's manifests are committed. */
  public static final TupleTag<Void> MANIFESTS_COMMITTED = new TupleTag<>() {};
  /**
   * The stamps read from the store for jobs without a manifest to trust: each a billed read on
   * Firestore, and so part of the run's cost.
   */
  public static final TupleTag<DocumentStamp> STAMPS_READ_FROM_STORE = new TupleTag<>() {};

  private final transient StoreWriter store;
  private final IncrementalRun plan;
  private final RunContext run;
  private final Map<String, KeyScope> scopes;
  private final transient PCollection<Void> checkedFirst;

  /** @param scopes the keys each job's run recomputes ({@link KeyScope}) */
  public WriteChangedDocuments(StoreWriter store, IncrementalRun plan, RunContext run,
      Map<String, KeyScope> scopes) {
    this(store, plan, run, scopes, null);
  }

  /**
   * @param scopes the keys each job's run recomputes ({@link KeyScope})
   * @param checkedFirst an empty collection, complete once a check has passed, that fails the run
   *     when the check fails; the diff waits for it, so no put or delete is made before it has
   *     passed; or null
   */
  public WriteChangedDocuments(StoreWriter store, IncrementalRun plan, RunContext run,
      Map<String, KeyScope> scopes, PCollection<Void> checkedFirst) {
    this.store = store;
    this.plan = plan;
    this.run = run;
    this.scopes = scopes;
    this.checkedFirst = checkedFirst;
  }

  @Override
  public PCollectionTuple expand(PCollection<CacheWrite> computed) {
    PCollectionTuple checked = computed.apply("RefuseOversized", new RefuseOversizedDocuments());
    PCollection<CacheWrite> documents = checked.get(RefuseOversizedDocuments.ACCEPTED)
        .apply("Documents", MapElements.into(TypeDescriptor.of(CacheWrite.class))
            .via(WriteChangedDocuments::documentOf))
        .setCoder(CacheWriteCoder.of());

    List<PCollection<DocumentStamp>> fromStore = new ArrayList<>();
    fromStore.add(computed.getPipeline().apply("NoStampsFromStore",
        Create.empty(RecordCoder.of(DocumentStamp.class))));
    PCollectionTuple diff = documents.apply("DiffWithPrevious",
        new DiffWithPrevious(previousStamps(computed, fromStore),
            checked.get(RefuseOversizedDocuments.REFUSED_KEYS), run.refresh(), scopes));
    PCollection<CacheWrite> writes = diff.get(DiffWithPrevious.WRITES);
    PCollection<DeadLetter> refused = writes.apply("WriteToStore", store.writeDocuments());
    PCollection<Void> committed = diff.get(DiffWithPrevious.STAMPS).apply("WriteManifests",
        new WriteManifests(plan, run.asOf(), run.computedAt(), refused,
            diff.get(DiffWithPrevious.DECISIONS),
            store.markOverlappedJobs(plan.lastWriters(run.computedAt()))));
    PCollection<DeadLetter> deadLetters =
        PCollectionList.of(checked.get(RefuseOversizedDocuments.DEAD_LETTERS)).and(refused)
            .apply("AllWriteDeadLetters", Flatten.pCollections());
    return PCollectionTuple.of(DEAD_LETTERS, deadLetters)
        .and(WRITES, diff.get(DiffWithPrevious.WRITES))
        .and(DECISIONS, diff.get(DiffWithPrevious.DECISIONS))
        .and(MANIFESTS_COMMITTED, committed)
        .and(STAMPS_READ_FROM_STORE, PCollectionList.of(fromStore)
            .apply("AllStampsFromStore", Flatten.pCollections()));
  }

  /** Every job's previous stamps; those read from the store are also added to {@code fromStore}. */
  private PCollection<DocumentStamp> previousStamps(PCollection<CacheWrite> computed,
      List<PCollection<DocumentStamp>> fromStore) {
    List<PCollection<DocumentStamp>> stamps = new ArrayList<>();
    stamps.add(computed.getPipeline().apply("NoStamps",
        Create.empty(RecordCoder.of(DocumentStamp.class))));
    if (checkedFirst != null) {
      // Joined into the diff, not checked on each write (see RefuseWritesOnRefusedRecords): the
      // diff's grouping waits for all of its inputs, so a failed check fails the run before
      // any write.
      stamps.add(checkedFirst.apply("CheckedBeforeWriting",
          FlatMapElements.into(TypeDescriptor.of(DocumentStamp.class))
              .via((Void none) -> List.<DocumentStamp>of()))
          .setCoder(RecordCoder.of(DocumentStamp.class)));
    }
    for (Map.Entry<String, IncrementalRun.Previous> job : plan.previous().entrySet()) {
      String step = "PreviousStamps " + job.getKey();
      if (job.getValue() instanceof IncrementalRun.FromManifest manifest) {
        stamps.add(computed.getPipeline().apply(step, new ReadManifestStamps(manifest.shardPaths())));
      } else {
        PCollection<DocumentStamp> read = computed.getPipeline().apply(step,
            store.readStamps(job.getKey()));
        stamps.add(read);
        fromStore.add(read);
      }
    }
    return PCollectionList.of(stamps).apply("AllPreviousStamps", Flatten.pCollections());
  }

  private static CacheWrite documentOf(CacheWrite write) {
    if (write.isDelete()) {
      throw new IllegalStateException("a job emitted a delete of " + write.key()
          + ": jobs emit documents, and the diff with the previous manifest decides deletes");
    }
    return write;
  }
}
