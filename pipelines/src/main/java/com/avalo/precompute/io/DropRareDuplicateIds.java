package com.avalo.precompute.io;

import com.avalo.precompute.source.SourceRecords.SourceRecord;
import com.google.common.hash.Hashing;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.Keys;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * {@link DropDuplicateIds} for the collections that are most of an export (likes, messages,
 * events), where a duplicate is rare: only the records whose id shares its 64-bit hash with
 * another record's are grouped by id. The rest pass through without a shuffle.
 *
 * <p>Grouping every record by its id would shuffle and sort the whole collection, every field
 * of it, in order to find the few ids that occur twice. Counting the ids' hashes shuffles 16 bytes
 * a record, and the hashes seen twice, usually none, reach the records as a side input. A hash
 * shared by two different ids only sends both to the exact check, which keeps both.
 */
public final class DropRareDuplicateIds<T extends SourceRecord>
    extends PTransform<PCollection<T>, PCollectionTuple> {
  /** Records per batch sent past the side input, as in {@link DropDanglingReferences}. */
  private static final int MAX_BATCH = DropDanglingReferences.MAX_BATCH;

  private final String job;
  private final String collection;
  private final Class<T> recordClass;
  private final SerializableFunction<String, Long> idHash;
  private final TupleTag<T> uniqueTag = new TupleTag<>();

  public DropRareDuplicateIds(String job, String collection, Class<T> recordClass) {
    this(job, collection, recordClass,
        id -> Hashing.farmHashFingerprint64().hashString(id, StandardCharsets.UTF_8).asLong());
  }

  /** With the hash of ids given, so that a test can make different ids collide. */
  DropRareDuplicateIds(String job, String collection, Class<T> recordClass,
      SerializableFunction<String, Long> idHash) {
    this.job = job;
    this.collection = collection;
    this.recordClass = recordClass;
    this.idHash = idHash;
  }

  public TupleTag<T> uniqueTag() {
    return uniqueTag;
  }

  @Override
  public PCollectionTuple expand(PCollection<T> records) {
    SerializableFunction<String, Long> hash = idHash;
    PCollectionView<List<Long>> suspectHashes = records
        .apply("HashIds", MapElements.into(TypeDescriptors.longs()).via(record -> hash.apply(record.id())))
        .setCoder(VarLongCoder.of())
        .apply("CountHashes", Count.perElement())
        .apply("SeenTwice", Filter.by(counted -> counted.getValue() > 1))
        .apply("SuspectHashes", Keys.create())
        .apply("AsSideInput", View.asList());

    TupleTag<T> clearTag = new TupleTag<>();
    TupleTag<T> suspectTag = new TupleTag<>();
    PCollectionTuple split = records
        .apply("BatchRecords", ParDo.of(new BatchInBundles<T>(MAX_BATCH)))
        .setCoder(ListCoder.of(records.getCoder()))
        .apply("SplitSuspects", ParDo.of(new SplitSuspectsFn<>(idHash, suspectHashes, clearTag,
                suspectTag))
            .withSideInputs(suspectHashes)
            .withOutputTags(clearTag, TupleTagList.of(suspectTag)));
    Coder<T> coder = RecordCoder.ofRecordClass(recordClass);
    split.get(clearTag).setCoder(coder);
    split.get(suspectTag).setCoder(coder);

    DropDuplicateIds<T> exact = new DropDuplicateIds<>(job, collection, recordClass);
    PCollectionTuple checked = split.get(suspectTag).apply("DropDuplicateIds", exact);
    PCollection<T> unique = PCollectionList.of(split.get(clearTag))
        .and(checked.get(exact.uniqueTag()))
        .apply("Unique", Flatten.pCollections())
        .setCoder(coder);
    return PCollectionTuple.of(uniqueTag, unique)
        .and(ParseRecords.DEAD_LETTERS, checked.get(ParseRecords.DEAD_LETTERS));
  }

  /** Sends a record whose id hash was seen twice to the exact check, every other one on. */
  private static final class SplitSuspectsFn<T extends SourceRecord> extends DoFn<List<T>, T> {
    private final SerializableFunction<String, Long> idHash;
    private final ViewPerWindow<List<Long>> suspectHashes;
    private final TupleTag<T> clearTag;
    private final TupleTag<T> suspectTag;
    private transient List<Long> setFrom;
    private transient Set<Long> suspects;

    SplitSuspectsFn(SerializableFunction<String, Long> idHash, PCollectionView<List<Long>> view,
        TupleTag<T> clearTag, TupleTag<T> suspectTag) {
      this.idHash = idHash;
      this.suspectHashes = new ViewPerWindow<>(view);
      this.clearTag = clearTag;
      this.suspectTag = suspectTag;
    }

    @ProcessElement
    public void process(@Element List<T> batch, ProcessContext context, BoundedWindow window,
        MultiOutputReceiver out) {
      List<Long> hashes = suspectHashes.get(context, window);
      if (hashes != setFrom) {
        suspects = new HashSet<>(hashes);
        setFrom = hashes;
      }
      for (T record : batch) {
        boolean suspect = !suspects.isEmpty() && suspects.contains(idHash.apply(record.id()));
        out.get(suspect ? suspectTag : clearTag).output(record);
      }
    }
  }
}
