package com.avalo.precompute.store;

import com.avalo.precompute.io.RecordCoder;
import com.avalo.precompute.io.CacheWrite;
import com.avalo.precompute.io.CacheWriteCoder;
import com.avalo.precompute.io.DeadLetter;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;

/**
 * Writes cache documents (and deletes) through a {@link StoreWriter} as they come, after
 * {@link RefuseOversizedDocuments}. Returns the dead letters of writing: oversized documents and
 * the writes the store refused. A run writes through
 * {@link com.avalo.precompute.incremental.WriteChangedDocuments} instead, which writes only
 * what changed.
 */
public final class WriteCacheDocuments
    extends PTransform<PCollection<CacheWrite>, PCollection<DeadLetter>> {
  private final StoreWriter store;

  private WriteCacheDocuments(StoreWriter store) {
    this.store = store;
  }

  public static WriteCacheDocuments to(StoreWriter store) {
    return new WriteCacheDocuments(store);
  }

  @Override
  public PCollection<DeadLetter> expand(PCollection<CacheWrite> writes) {
    PCollectionTuple checked = writes.apply("RefuseOversized", new RefuseOversizedDocuments());
    PCollection<DeadLetter> refused = checked.get(RefuseOversizedDocuments.ACCEPTED)
        .apply("WriteToStore", store.writeDocuments());
    return PCollectionList.of(checked.get(RefuseOversizedDocuments.DEAD_LETTERS)).and(refused)
        .apply("AllWriteDeadLetters", Flatten.pCollections());
  }
}
