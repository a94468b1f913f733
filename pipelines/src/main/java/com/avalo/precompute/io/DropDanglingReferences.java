package com.avalo.precompute.io;

import com.avalo.precompute.schemas.Json;
import com.avalo.precompute.source.ReasonText;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Keeps the records whose references (user ids, a chat id) all exist among {@code targets}; a
 * record that refers to a missing one goes to the dead letters saying which.
 *
 * <p>The ids are broadcast as a side input rather than joined: they are the small side (users,
 * chats) against the large one (likes, messages), a lookup costs no shuffle, and a join keyed by
 * record would make one group, and on the DirectRunner one bundle, per record.
 *
 * <p>Records reach the check in batches of up to {@link #MAX_BATCH}. Flink's runner asks
 * whether the side input is ready, building state accessors to answer, for every element of a
 * DoFn with side inputs, and the check cannot run in the same task as the step before it, so each
 * element also crosses a serializer. Per record, the readiness check alone was 6% of the analytics
 * job's CPU at 1M users. A batch pays both once.
 *
 * <p>For the global window only (batch jobs).
 */
public final class DropDanglingReferences<T extends Serializable>
    extends PTransform<PCollection<T>, PCollectionTuple> {

  private final String collection;
  private final String targetName;
  private final String job;
  private final Class<T> recordClass;
  // Transient: the pipeline graph needs it, the serialized DoFn must not carry it.
  private final transient PCollection<String> targets;
  private final SerializableFunction<T, String> idOf;
  private final SerializableFunction<T, List<String>> referencesOf;
  private final TupleTag<T> validTag = new TupleTag<>();

  /** Records per batch sent to the check: a Flink bundle's worth, and a bound on memory. */
  static final int MAX_BATCH = 1_000;

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
    if (!(records.getWindowingStrategy().getWindowFn() instanceof GlobalWindows)) {
      throw new IllegalArgumentException(getName() + " checks records in the global window only");
    }
    // A multimap view tolerates duplicate ids, which a map view would reject at run time.
    PCollectionView<Map<String, Iterable<String>>> known = targets
        .apply("KeyTargets", WithKeys.of((String id) -> id).withKeyType(TypeDescriptors.strings()))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of()))
        .apply("TargetIds", View.asMultimap());
    PCollection<List<T>> batches = records
        .apply("BatchRecords", ParDo.of(new BatchFn<T>()))
        .setCoder(ListCoder.of(records.getCoder()));
    PCollectionTuple checked = batches.apply("KeepValid",
        ParDo.of(new KeepValidFn<>(job, collection, targetName, idOf, referencesOf, known, validTag))
            .withSideInputs(known)
            .withOutputTags(validTag, TupleTagList.of(ParseRecords.DEAD_LETTERS)));
    checked.get(validTag).setCoder(RecordCoder.ofRecordClass(recordClass));
    checked.get(ParseRecords.DEAD_LETTERS).setCoder(RecordCoder.of(DeadLetter.class));
    return checked;
  }

  /** Gathers a bundle's records into lists of up to {@link #MAX_BATCH}. */
  static final class BatchFn<T> extends DoFn<T, List<T>> {
    private transient List<T> batch;

    @StartBundle
    public void startBundle() {
      batch = new ArrayList<>();
    }

    @ProcessElement
    public void process(@Element T record, OutputReceiver<List<T>> out) {
      batch.add(record);
      if (batch.size() >= MAX_BATCH) {
        out.output(batch);
        batch = new ArrayList<>();
      }
    }

    @FinishBundle
    public void finishBundle(FinishBundleContext context) {
      if (!batch.isEmpty()) {
        context.output(batch, GlobalWindow.INSTANCE.maxTimestamp(), GlobalWindow.INSTANCE);
      }
      batch = null;
    }
  }

  private static final class KeepValidFn<T> extends DoFn<List<T>, T> {
    private final String job;
    private final String collection;
    private final String target;
    private final SerializableFunction<T, String> idOf;
    private final SerializableFunction<T, List<String>> referencesOf;
    private final ViewPerWindow<Map<String, Iterable<String>>> known;
    private final TupleTag<T> validTag;
    private final Counter rejected;

    KeepValidFn(String job, String collection, String target, SerializableFunction<T, String> idOf,
        SerializableFunction<T, List<String>> referencesOf,
        PCollectionView<Map<String, Iterable<String>>> known, TupleTag<T> validTag) {
      this.job = job;
      this.collection = collection;
      this.target = target;
      this.idOf = idOf;
      this.referencesOf = referencesOf;
      this.known = new ViewPerWindow<>(known);
      this.validTag = validTag;
      this.rejected = Metrics.counter("dead_lettered", collection);
    }

    @ProcessElement
    public void process(@Element List<T> batch, ProcessContext context, BoundedWindow window,
        MultiOutputReceiver out) {
      Map<String, Iterable<String>> ids = known.get(context, window);
      for (T record : batch) {
        check(record, ids, out);
      }
    }

    private void check(T record, Map<String, Iterable<String>> ids, MultiOutputReceiver out) {
      TreeSet<String> absent = new TreeSet<>();
      for (String reference : referencesOf.apply(record)) {
        if (!ids.containsKey(reference)) {
          absent.add(reference);
        }
      }
      if (absent.isEmpty()) {
        out.get(validTag).output(record);
        return;
      }
      rejected.inc();
      out.get(ParseRecords.DEAD_LETTERS).output(DeadLetter.of(job, collection,
          collection + "/" + idOf.apply(record),
          "refers to missing " + target + " " + ReasonText.quote(String.join(", ", absent)), Json.write(record)));
    }
  }
}
