package com.avalo.precompute.incremental;

import com.avalo.precompute.incremental.DocumentDiff.Action;
import com.avalo.precompute.io.CacheWrite;
import com.avalo.precompute.io.CacheWriteCoder;
import com.avalo.precompute.io.RecordCoder;
import com.avalo.precompute.io.KeyScope;
import com.avalo.precompute.io.RefreshPolicy;
import com.avalo.precompute.serving.store.DocumentStamp;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.join.CoGbkResult;
import org.apache.beam.sdk.transforms.join.CoGroupByKey;
import org.apache.beam.sdk.transforms.join.KeyedPCollectionTuple;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Joins a run's documents with the stamps the previous run left (its manifest, or the store's
 * own) by key, and decides each key with {@link DocumentDiff}: the writes to make, and the stamps
 * of what the store holds afterwards, which become this run's manifest. Applied to the run's
 * documents; the previous stamps are given, and so are the keys of documents the run computed but
 * refused (oversized), so that their stored copies are kept rather than deleted as vanished.
 */
public final class DiffWithPrevious extends PTransform<PCollection<CacheWrite>, PCollectionTuple> {
  /** The puts and deletes to make. */
  public static final TupleTag<CacheWrite> WRITES = new TupleTag<>() {};
  /** What the store holds after this run: this run's manifest. */
  public static final TupleTag<DocumentStamp> STAMPS = new TupleTag<>() {};

  /** {@code JOB/ACTION} for each decision, for the per-job counts a manifest's record keeps. */
  public static final TupleTag<String> DECISIONS = new TupleTag<>() {};

  /** Documents left as stored, because their content and freshness still hold. */
  public static final String UNCHANGED = "documents_unchanged";

  private static final TupleTag<CacheWrite> NEXT = new TupleTag<>() {};
  private static final TupleTag<DocumentStamp> PREVIOUS = new TupleTag<>() {};
  private static final TupleTag<String> REFUSED = new TupleTag<>() {};

  private final transient PCollection<DocumentStamp> previous;
  private final transient PCollection<KV<String, String>> refusedKeys;
  private final RefreshPolicy refresh;
  private final HashMap<String, KeyScope> scopes;

  /**
   * @param refusedKeys the keys of documents this run computed but will not write, with their jobs
   *     ({@code KV(key, job)})
   * @param scopes each job's {@link KeyScope}; a job not named recomputes all its keys
   */
  public DiffWithPrevious(PCollection<DocumentStamp> previous,
      PCollection<KV<String, String>> refusedKeys, RefreshPolicy refresh,
      Map<String, KeyScope> scopes) {
    this.previous = previous;
    this.refusedKeys = refusedKeys;
    this.refresh = refresh;
    this.scopes = new HashMap<>(scopes);
  }

  @Override
  public PCollectionTuple expand(PCollection<CacheWrite> next) {
    PCollection<KV<String, CacheWrite>> nextByKey = next
        .apply("KeyDocuments", MapElements
            .into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptor.of(CacheWrite.class)))
            .via((CacheWrite document) -> KV.of(document.key(), document)))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), CacheWriteCoder.of()));
    PCollection<KV<String, DocumentStamp>> previousByKey = previous
        .apply("KeyStamps", MapElements
            .into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptor.of(DocumentStamp.class)))
            .via((DocumentStamp stamp) -> KV.of(stamp.key(), stamp)))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), RecordCoder.of(DocumentStamp.class)));
    PCollectionTuple decided = KeyedPCollectionTuple.of(NEXT, nextByKey)
        .and(PREVIOUS, previousByKey)
        .and(REFUSED, refusedKeys)
        .apply("JoinByKey", CoGroupByKey.create())
        .apply("DecideEachKey", ParDo.of(new DecideFn(refresh, scopes))
            .withOutputTags(WRITES, TupleTagList.of(STAMPS).and(DECISIONS)));
    decided.get(WRITES).setCoder(CacheWriteCoder.of());
    decided.get(STAMPS).setCoder(RecordCoder.of(DocumentStamp.class));
    decided.get(DECISIONS).setCoder(StringUtf8Coder.of());
    return decided;
  }

  /** The {@link #DECISIONS} element of {@code action} on a document of {@code job}. */
  public static String decision(String job, Action action) {
    return job + "/" + action;
  }

  static final class DecideFn extends DoFn<KV<String, CoGbkResult>, CacheWrite> {
    private final RefreshPolicy refresh;
    private final HashMap<String, KeyScope> scopes;
    private final Counter unchanged = Metrics.counter(UNCHANGED, "all");

    DecideFn(RefreshPolicy refresh, HashMap<String, KeyScope> scopes) {
      this.refresh = refresh;
      this.scopes = scopes;
    }

    @ProcessElement
    public void process(@Element KV<String, CoGbkResult> key, MultiOutputReceiver out) {
      CacheWrite next = only(key.getKey(), "computed", key.getValue().getAll(NEXT).iterator());
      DocumentStamp previous =
          only(key.getKey(), "in the previous manifest", key.getValue().getAll(PREVIOUS).iterator());
      String refusedBy =
          only(key.getKey(), "refused", key.getValue().getAll(REFUSED).iterator());
      if (next != null && refusedBy != null) {
        throw new IllegalStateException("key " + key.getKey() + " is computed more than once");
      }
      String job = next != null ? next.job() : refusedBy != null ? refusedBy : previous.job();
      // A refused document is a dead letter already; its key has not vanished, so what is stored
      // stays rather than being deleted.
      Action action = refusedBy != null ? Action.REFUSED : DocumentDiff.decide(previous, next,
          refresh, scopes.getOrDefault(job, KeyScope.ALL));
      switch (action) {
        case PUT -> out.get(WRITES).output(next); // rendered once, where it was built
        case DELETE -> out.get(WRITES).output(CacheWrite.delete(key.getKey()));
        case SKIP -> unchanged.inc();
        case KEEP, REFUSED -> { }
      }
      out.get(DECISIONS).output(decision(job, action));
      DocumentStamp after = DocumentDiff.stampAfter(action, previous, next);
      if (after != null) {
        out.get(STAMPS).output(after);
      }
    }

    /** The one value of a key, or null; two are a job's bug (or a doctored manifest). */
    private static <T> T only(String key, String where, Iterator<T> values) {
      T first = values.hasNext() ? values.next() : null;
      if (values.hasNext()) {
        throw new IllegalStateException("key " + key + " is " + where + " more than once");
      }
      return first;
    }
  }
}
