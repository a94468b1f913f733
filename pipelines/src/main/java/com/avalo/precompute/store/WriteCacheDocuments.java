package com.avalo.precompute.store;

import com.avalo.precompute.io.RecordCoder;
import com.avalo.precompute.io.CacheWrite;
import com.avalo.precompute.io.CacheWriteCoder;
import com.avalo.precompute.io.DeadLetter;
import com.avalo.precompute.io.ParseRecords;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Utf8;

/**
 * Writes cache documents (and deletes stale ones) through a {@link StoreWriter}, after refusing
 * any document too big for Firestore, whichever store the run writes to: a run's output must not
 * depend on its store. Returns the dead letters of writing: oversized documents and the writes
 * the store refused.
 */
public final class WriteCacheDocuments
    extends PTransform<PCollection<CacheWrite>, PCollection<DeadLetter>> {
  /** Firestore's limit is 1 MiB per document; keep a margin for field names and index overhead. */
  public static final int MAX_DOCUMENT_BYTES = 1_000_000;

  private static final TupleTag<CacheWrite> ACCEPTED = new TupleTag<>();

  private final StoreWriter store;

  private WriteCacheDocuments(StoreWriter store) {
    this.store = store;
  }

  public static WriteCacheDocuments to(StoreWriter store) {
    return new WriteCacheDocuments(store);
  }

  @Override
  public PCollection<DeadLetter> expand(PCollection<CacheWrite> writes) {
    PCollectionTuple checked = writes.apply("RefuseOversized", ParDo.of(new RefuseOversizedFn())
        .withOutputTags(ACCEPTED, TupleTagList.of(ParseRecords.DEAD_LETTERS)));
    checked.get(ACCEPTED).setCoder(CacheWriteCoder.of());
    PCollection<DeadLetter> oversized =
        checked.get(ParseRecords.DEAD_LETTERS).setCoder(RecordCoder.of(DeadLetter.class));
    PCollection<DeadLetter> refused = checked.get(ACCEPTED).apply("WriteToStore", store.writeDocuments());
    return PCollectionList.of(oversized).and(refused)
        .apply("AllWriteDeadLetters", Flatten.pCollections());
  }

  static final class RefuseOversizedFn extends DoFn<CacheWrite, CacheWrite> {
    private final Counter refused = Metrics.counter("dead_lettered", "cache");

    @ProcessElement
    public void process(@Element CacheWrite write, MultiOutputReceiver out) {
      if (!write.isDelete()) {
        // The document as it will be stored, rendered once where it was built.
        String json = write.rendered().json();
        int size = Utf8.encodedLength(json);
        if (size > MAX_DOCUMENT_BYTES) {
          refused.inc();
          out.get(ParseRecords.DEAD_LETTERS).output(DeadLetter.of(write.job(), "cache",
              write.key(), "document is " + size + " bytes, over the " + MAX_DOCUMENT_BYTES
                  + "-byte limit (Firestore allows 1 MiB); page or trim this type",
              json));
          return;
        }
      }
      out.get(ACCEPTED).output(write);
    }
  }
}
