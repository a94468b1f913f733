package com.avalo.precompute.io;

import com.avalo.precompute.source.SourceCollection;
import com.avalo.precompute.source.SourceCollection.UserReferences;
import com.avalo.precompute.source.SourceRecords.Block;
import java.time.Instant;
import java.util.List;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.transforms.join.CoGbkResult;
import org.apache.beam.sdk.transforms.join.CoGroupByKey;
import org.apache.beam.sdk.transforms.join.KeyedPCollectionTuple;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Keeps the records between two users (a match, say) unless one of them had blocked the other by
 * the run's as-of: a block hides the pair from both, whoever blocked.
 *
 * @param <T> the record type; {@code usersOf} gives its two users, as its collection's user
 *     references do
 */
public final class DropBlockedPairs<T> extends PTransform<PCollection<T>, PCollection<T>> {
  // Transient: only the graph uses it; the DoFn built in expand() is serialized without it.
  private final transient PCollection<Block> blocks;
  private final Instant asOf;
  private final UserReferences<T> usersOf;

  public DropBlockedPairs(PCollection<Block> blocks, Instant asOf, UserReferences<T> usersOf) {
    this.blocks = blocks;
    this.asOf = asOf;
    this.usersOf = usersOf;
  }

  /** The key of an unordered pair of users. */
  static String pairKey(List<String> users) {
    return pairKey(users.get(0), users.get(1));
  }

  private static String pairKey(String a, String b) {
    return a.compareTo(b) <= 0 ? a + ":" + b : b + ":" + a;
  }

  @Override
  public PCollection<T> expand(PCollection<T> records) {
    UserReferences<T> users = usersOf;
    TupleTag<T> recordTag = new TupleTag<>();
    TupleTag<Block> blockTag = new TupleTag<>();
    PCollection<KV<String, T>> recordsByPair = records
        .apply("KeyByPair", WithKeys.of((SerializableFunction<T, String>) record ->
            pairKey(users.of(record))).withKeyType(TypeDescriptors.strings()))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), records.getCoder()));
    PCollection<KV<String, Block>> blocksByPair = blocks
        .apply("BlocksAsOf", RecordedBy.asOf(asOf, SourceCollection.BLOCKS))
        .apply("KeyBlocksByPair", WithKeys.<String, Block>of(block ->
            pairKey(block.fromUserId(), block.toUserId())).withKeyType(TypeDescriptors.strings()))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), RecordCoder.of(Block.class)));
    return KeyedPCollectionTuple.of(recordTag, recordsByPair).and(blockTag, blocksByPair)
        .apply("JoinBlocks", CoGroupByKey.create())
        .apply("DropBlocked", ParDo.of(new DropBlockedFn<>(recordTag, blockTag)))
        .setCoder(records.getCoder());
  }

  private static final class DropBlockedFn<T> extends DoFn<KV<String, CoGbkResult>, T> {
    private final TupleTag<T> recordTag;
    private final TupleTag<Block> blockTag;

    DropBlockedFn(TupleTag<T> recordTag, TupleTag<Block> blockTag) {
      this.recordTag = recordTag;
      this.blockTag = blockTag;
    }

    @ProcessElement
    public void process(@Element KV<String, CoGbkResult> pair, OutputReceiver<T> out) {
      if (!pair.getValue().getAll(blockTag).iterator().hasNext()) {
        pair.getValue().getAll(recordTag).forEach(out::output);
      }
    }
  }
}
