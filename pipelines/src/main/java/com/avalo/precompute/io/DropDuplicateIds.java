package com.avalo.precompute.io;

import com.avalo.precompute.schemas.Json;
import com.avalo.precompute.source.ReasonText;
import com.avalo.precompute.source.SourceRecords.SourceRecord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Keeps one record per id of a collection whose ids the jobs take as unique (one user per uid,
 * one chat per chat id), and dead-letters the others. Firestore cannot hold two documents under
 * one id, but a file export can (two exports concatenated); without this the jobs took whichever
 * record a group gave first, silently and not always the same one. The record kept is the first
 * by its JSON, so every run and runner keeps the same one.
 */
public final class DropDuplicateIds<T extends SourceRecord>
    extends PTransform<PCollection<T>, PCollectionTuple> {
  private final String job;
  private final String collection;
  private final Class<T> recordClass;
  private final TupleTag<T> uniqueTag = new TupleTag<>();

  public DropDuplicateIds(String job, String collection, Class<T> recordClass) {
    this.job = job;
    this.collection = collection;
    this.recordClass = recordClass;
  }

  public TupleTag<T> uniqueTag() {
    return uniqueTag;
  }

  @Override
  public PCollectionTuple expand(PCollection<T> records) {
    PCollectionTuple kept = records
        .apply("KeyById", WithKeys.<String, T>of(SourceRecord::uniqueId).withKeyType(TypeDescriptors.strings()))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), records.getCoder()))
        .apply("GroupById", GroupByKey.create())
        .apply("KeepOnePerId", ParDo.of(new KeepOneFn<>(job, collection, uniqueTag))
            .withOutputTags(uniqueTag, TupleTagList.of(ParseRecords.DEAD_LETTERS)));
    kept.get(uniqueTag).setCoder(RecordCoder.ofRecordClass(recordClass));
    kept.get(ParseRecords.DEAD_LETTERS).setCoder(RecordCoder.of(DeadLetter.class));
    return kept;
  }

  private static final class KeepOneFn<T extends SourceRecord> extends DoFn<KV<String, Iterable<T>>, T> {
    private final String job;
    private final String collection;
    private final TupleTag<T> uniqueTag;
    private final Counter rejected;

    KeepOneFn(String job, String collection, TupleTag<T> uniqueTag) {
      this.job = job;
      this.collection = collection;
      this.uniqueTag = uniqueTag;
      this.rejected = Metrics.counter("dead_lettered", collection);
    }

    @ProcessElement
    public void process(@Element KV<String, Iterable<T>> group, MultiOutputReceiver out) {
      List<T> records = new ArrayList<>();
      group.getValue().forEach(records::add);
      if (records.size() == 1) {
        out.get(uniqueTag).output(records.get(0));
        return;
      }
      List<String> json = new ArrayList<>(records.size());
      records.forEach(record -> json.add(Json.write(record)));
      List<Integer> order = new ArrayList<>();
      for (int i = 0; i < records.size(); i++) {
        order.add(i);
      }
      order.sort(Comparator.comparing(json::get));
      out.get(uniqueTag).output(records.get(order.get(0)));
      String reason = "duplicate id: " + records.size() + " records of " + collection
          + " have the id '" + ReasonText.quote(group.getKey()) + "'; one was used (the first by"
          + " content), this one (";
      // The rank tells identical copies' letters apart: a Firestore dead letter's id is a hash
      // of its fields, and two equal letters would be one document.
      for (int rank = 2; rank <= order.size(); rank++) {
        rejected.inc();
        out.get(ParseRecords.DEAD_LETTERS).output(DeadLetter.of(job, collection,
            collection + "/" + group.getKey(),
            reason + rank + " of " + records.size() + " by content) was left out",
            json.get(order.get(rank - 1))));
      }
    }
  }
}
