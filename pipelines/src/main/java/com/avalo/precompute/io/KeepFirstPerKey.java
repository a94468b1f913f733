package com.avalo.precompute.io;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableComparator;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Keeps one element per key and dead-letters the others: the shape of every check for records
 * that must be unique by something a file export does not enforce (ids, user pairs, media ids).
 * The element kept is the first by an order of the elements alone, never the order a runner
 * groups them in, so every run and runner keeps the same one. Subclasses give the key, the order,
 * the dead letter, and the names of the three steps, which stay those each check had before it
 * shared this code.
 */
public abstract class KeepFirstPerKey<T> extends PTransform<PCollection<T>, PCollectionTuple> {
  /** The dead letter for one element left out of a key's group. */
  @FunctionalInterface
  public interface Rejection<T> extends Serializable {
    /**
     * @param key the group's key
     * @param group the group's elements, the kept one first
     * @param rank the left-out element's place in {@code group}, from 2; it tells apart the
     *     letters of identical elements, which a Firestore dead-letter store (ids hashed from
     *     the letter) would otherwise hold as one
     */
    DeadLetter letter(String key, List<T> group, int rank);
  }

  /** The names of the key, group and keep steps. */
  public record StepNames(String key, String group, String keep) {}

  private final StepNames stepNames;
  private final SerializableFunction<T, String> key;
  private final SerializableComparator<T> keptFirst;
  private final String deadLetterCounter;
  private final Rejection<T> rejection;
  private final TupleTag<T> keptTag;

  /**
   * @param deadLetterCounter the name of the {@code dead_lettered} counter the left-out elements
   *     count in: their source collection's
   */
  protected KeepFirstPerKey(StepNames stepNames, SerializableFunction<T, String> key,
      SerializableComparator<T> keptFirst, String deadLetterCounter, Rejection<T> rejection,
      TupleTag<T> keptTag) {
    this.stepNames = stepNames;
    this.key = key;
    this.keptFirst = keptFirst;
    this.deadLetterCounter = deadLetterCounter;
    this.rejection = rejection;
    this.keptTag = keptTag;
  }

  /** The tag of the kept elements, one per key. */
  public final TupleTag<T> keptTag() {
    return keptTag;
  }

  @Override
  public final PCollectionTuple expand(PCollection<T> elements) {
    Coder<T> coder = elements.getCoder();
    PCollectionTuple kept = elements
        .apply(stepNames.key(), WithKeys.of(key).withKeyType(TypeDescriptors.strings()))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), coder))
        .apply(stepNames.group(), GroupByKey.create())
        .apply(stepNames.keep(), ParDo.of(new KeepFirstFn<>(this))
            .withOutputTags(keptTag, TupleTagList.of(ParseRecords.DEAD_LETTERS)));
    kept.get(keptTag).setCoder(coder);
    kept.get(ParseRecords.DEAD_LETTERS).setCoder(RecordCoder.of(DeadLetter.class));
    return kept;
  }

  /** A key's elements sorted with the kept one first. */
  protected static <T> List<T> sortedKeptFirst(Iterable<T> group, Comparator<? super T> keptFirst) {
    List<T> sorted = new ArrayList<>();
    group.forEach(sorted::add);
    sorted.sort(keptFirst);
    return sorted;
  }

  private static final class KeepFirstFn<T> extends DoFn<KV<String, Iterable<T>>, T> {
    private final SerializableComparator<T> keptFirst;
    private final Rejection<T> rejection;
    private final TupleTag<T> keptTag;
    private final Counter rejected;

    KeepFirstFn(KeepFirstPerKey<T> transform) {
      this.keptFirst = transform.keptFirst;
      this.rejection = transform.rejection;
      this.keptTag = transform.keptTag;
      this.rejected = Metrics.counter("dead_lettered", transform.deadLetterCounter);
    }

    @ProcessElement
    public void process(@Element KV<String, Iterable<T>> group, MultiOutputReceiver out) {
      List<T> sorted = sortedKeptFirst(group.getValue(), keptFirst);
      out.get(keptTag).output(sorted.get(0));
      for (int rank = 2; rank <= sorted.size(); rank++) {
        rejected.inc();
        out.get(ParseRecords.DEAD_LETTERS).output(rejection.letter(group.getKey(), sorted, rank));
      }
    }
  }
}
