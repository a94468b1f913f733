package com.avalo.precompute.io;

import com.avalo.precompute.schemas.Json;
import java.io.Serializable;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.join.CoGbkResult;
import org.apache.beam.sdk.transforms.join.CoGroupByKey;
import org.apache.beam.sdk.transforms.join.KeyedPCollectionTuple;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Keeps the records whose references (user ids, a chat id) all exist among {@code targets}; a
 * record that refers to a missing one goes to the dead letters saying which. Two shuffles,
 * however many references a record has: references are checked per target id, and the verdicts
 * joined back to the records.
 */
public final class DropDanglingReferences<T extends Serializable>
    extends PTransform<PCollection<T>, PCollectionTuple> {

  private final String collection;
  private final String targetName;
  private final String job;
  private final Class<T> recordClass;
  // Transient: the pipeline graph needs it, the serialized DoFns must not carry it.
  private final transient PCollection<String> targets;
  private final SerializableFunction<T, String> idOf;
  private final SerializableFunction<T, List<String>> referencesOf;
  private final TupleTag<T> validTag = new TupleTag<>();

  public DropDanglingReferences(String job, String collection, Class<T> recordClass,
      String targetName, PCollection<String> targets, SerializableFunction<T, String> idOf,
      SerializableFunction<T, List<String>> referencesOf) {
    this.job = job;
    this.collection = collection;
    this.recordClass = recordClass;
    this.targetName = targetName;
    this.targets = targets;
    this.idOf = idOf;
    this.referencesOf = referencesOf;
  }

  public TupleTag<T> validTag() {
    return validTag;
  }

  @Override
  public PCollectionTuple expand(PCollection<T> records) {
    SerializableFunction<T, String> ids = idOf;
    SerializableFunction<T, List<String>> references = referencesOf;
    SerializableFunction<T, String> recordKey =
        record -> ids.apply(record) + "|" + String.join(",", references.apply(record));
    TupleTag<T> recordTag = new TupleTag<>();
    TupleTag<String> missingTag = new TupleTag<>();
    TupleTag<String> referrerTag = new TupleTag<>();
    TupleTag<String> targetTag = new TupleTag<>();

    PCollection<KV<String, T>> byRecordKey = records.apply("KeyRecords",
        ParDo.of(keyRecords(recordKey))).setCoder(KvCoder.of(StringUtf8Coder.of(), JsonRecordCoder.of(recordClass)));

    PCollection<KV<String, String>> referrers = records.apply("KeyReferences",
        ParDo.of(keyReferences(recordKey, references))).setCoder(KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of()));

    PCollection<KV<String, String>> targetIds = targets.apply("KeyTargets",
        ParDo.of(new KeyTargetsFn())).setCoder(KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of()));

    PCollection<KV<String, String>> missing = KeyedPCollectionTuple.of(referrerTag, referrers)
        .and(targetTag, targetIds)
        .apply("CheckReferences", CoGroupByKey.create())
        .apply("FindMissing", ParDo.of(findMissing(referrerTag, targetTag))).setCoder(KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of()));

    PCollectionTuple checked = KeyedPCollectionTuple.of(recordTag, byRecordKey).and(missingTag, missing)
        .apply("JoinVerdicts", CoGroupByKey.create())
        .apply("KeepValid", ParDo.of(keepValid(job, collection, targetName, idOf, recordTag,
            missingTag, validTag)).withOutputTags(validTag, TupleTagList.of(ParseRecords.DEAD_LETTERS)));
    checked.get(validTag).setCoder(JsonRecordCoder.of(recordClass));
    checked.get(ParseRecords.DEAD_LETTERS).setCoder(JsonRecordCoder.of(DeadLetter.class));
    return checked;
  }

  private static <T> DoFn<T, KV<String, T>> keyRecords(SerializableFunction<T, String> recordKey) {
    return new DoFn<T, KV<String, T>>() {
      @ProcessElement
      public void process(@Element T record, OutputReceiver<KV<String, T>> out) {
        out.output(KV.of(recordKey.apply(record), record));
      }
    };
  }

  private static <T> DoFn<T, KV<String, String>> keyReferences(
      SerializableFunction<T, String> recordKey, SerializableFunction<T, List<String>> referencesOf) {
    return new DoFn<T, KV<String, String>>() {
      @ProcessElement
      public void process(@Element T record, OutputReceiver<KV<String, String>> out) {
        for (String reference : new LinkedHashSet<>(referencesOf.apply(record))) {
          out.output(KV.of(reference, recordKey.apply(record)));
        }
      }
    };
  }

  private static final class KeyTargetsFn extends DoFn<String, KV<String, String>> {
    @ProcessElement
    public void process(@Element String id, OutputReceiver<KV<String, String>> out) {
      out.output(KV.of(id, ""));
    }
  }

  private static DoFn<KV<String, CoGbkResult>, KV<String, String>> findMissing(
      TupleTag<String> referrerTag, TupleTag<String> targetTag) {
    return new DoFn<KV<String, CoGbkResult>, KV<String, String>>() {
      @ProcessElement
      public void process(@Element KV<String, CoGbkResult> group,
          OutputReceiver<KV<String, String>> out) {
        if (!group.getValue().getAll(targetTag).iterator().hasNext()) {
          for (String referrer : group.getValue().getAll(referrerTag)) {
            out.output(KV.of(referrer, group.getKey()));
          }
        }
      }
    };
  }

  private static <T> DoFn<KV<String, CoGbkResult>, T> keepValid(String jobName, String collectionName,
      String target, SerializableFunction<T, String> idOf, TupleTag<T> recordTag,
      TupleTag<String> missingTag, TupleTag<T> validTag) {
    Counter rejected = Metrics.counter("dead_lettered", collectionName);
    return new DoFn<KV<String, CoGbkResult>, T>() {
      @ProcessElement
      public void process(@Element KV<String, CoGbkResult> group, MultiOutputReceiver out) {
        Set<String> absent = new TreeSet<>();
        group.getValue().getAll(missingTag).forEach(absent::add);
        for (T record : group.getValue().getAll(recordTag)) {
          if (absent.isEmpty()) {
            out.get(validTag).output(record);
          } else {
            rejected.inc();
            out.get(ParseRecords.DEAD_LETTERS).output(DeadLetter.of(jobName, collectionName,
                collectionName + "/" + idOf.apply(record),
                "refers to missing " + target + " " + String.join(", ", absent),
                Json.write(record)));
          }
        }
      }
    };
  }
}
