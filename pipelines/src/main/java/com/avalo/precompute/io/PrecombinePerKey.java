package com.avalo.precompute.io;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.CannotProvideCoderException;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Combine.CombineFn;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;

/**
 * {@code Combine.perKey(fn)}, with each bundle's inputs first combined in a hash map, so that
 * only one partial accumulator per key and bundle (or per {@link #maxInputsInMemory} inputs)
 * crosses the shuffle.
 *
 * <p>Flink's batch runner lifts a combine into a sort-based partial combine: every input is
 * serialized into a sort buffer, sorted by its encoded key and decoded again before it is added.
 * For combines over millions of small contributions into a few thousand keys (the analytics
 * buckets, each user's stats) that sort was a third of a run's CPU; a hash map needs no sort and
 * no coder. Dataflow already combines in memory before its shuffle, where this costs a second
 * map. Same output as {@code Combine.perKey(fn)} for any combine function, which Beam requires to
 * be associative and commutative anyway.
 *
 * <p>For the global window only (batch jobs); keys must be equal when their encodings are (their
 * coder {@link Coder#consistentWithEquals}), as strings and KVs of strings are.
 */
public final class PrecombinePerKey<K, InputT, AccumT, OutputT>
    extends PTransform<PCollection<KV<K, InputT>>, PCollection<KV<K, OutputT>>> {
  /** Inputs added in memory before the partial accumulators are sent on: bounds the map. */
  public static final int DEFAULT_MAX_INPUTS_IN_MEMORY = 200_000;

  private final CombineFn<InputT, AccumT, OutputT> fn;
  private final int maxInputsInMemory;

  private PrecombinePerKey(CombineFn<InputT, AccumT, OutputT> fn, int maxInputsInMemory) {
    if (maxInputsInMemory < 1) {
      throw new IllegalArgumentException("maxInputsInMemory must be positive: " + maxInputsInMemory);
    }
    this.fn = fn;
    this.maxInputsInMemory = maxInputsInMemory;
  }

  public static <K, InputT, AccumT, OutputT> PrecombinePerKey<K, InputT, AccumT, OutputT> of(
      CombineFn<InputT, AccumT, OutputT> fn) {
    return new PrecombinePerKey<>(fn, DEFAULT_MAX_INPUTS_IN_MEMORY);
  }

  /** {@link #of} with a bound other than {@link #DEFAULT_MAX_INPUTS_IN_MEMORY}. */
  public PrecombinePerKey<K, InputT, AccumT, OutputT> withMaxInputsInMemory(int max) {
    return new PrecombinePerKey<>(fn, max);
  }

  @Override
  public PCollection<KV<K, OutputT>> expand(PCollection<KV<K, InputT>> input) {
    if (!(input.getWindowingStrategy().getWindowFn() instanceof GlobalWindows)) {
      throw new IllegalArgumentException(getName() + " combines in the global window only");
    }
    if (!(input.getCoder() instanceof KvCoder<K, InputT> kvCoder)) {
      throw new IllegalArgumentException(getName() + " needs a KvCoder, not " + input.getCoder());
    }
    Coder<K> keyCoder = kvCoder.getKeyCoder();
    if (!keyCoder.consistentWithEquals()) {
      throw new IllegalArgumentException(getName() + " keys its map by equals(), which "
          + keyCoder + " does not agree with");
    }
    CoderRegistry registry = input.getPipeline().getCoderRegistry();
    Coder<AccumT> accumulatorCoder;
    Coder<OutputT> outputCoder;
    try {
      accumulatorCoder = fn.getAccumulatorCoder(registry, kvCoder.getValueCoder());
      outputCoder = fn.getDefaultOutputCoder(registry, kvCoder.getValueCoder());
    } catch (CannotProvideCoderException e) {
      throw new IllegalArgumentException(getName() + ": " + e.getMessage(), e);
    }
    return input
        .apply("CombineInMemory", ParDo.of(new CombineInMemoryFn<>(fn, maxInputsInMemory)))
        .setCoder(KvCoder.of(keyCoder, accumulatorCoder))
        .apply("MergePartials", Combine.perKey(new MergePartials<>(fn, accumulatorCoder, outputCoder)))
        .setCoder(KvCoder.of(keyCoder, outputCoder));
  }

  /** Adds a bundle's inputs into one accumulator per key; sends them on when the bundle ends. */
  static final class CombineInMemoryFn<K, InputT, AccumT>
      extends DoFn<KV<K, InputT>, KV<K, AccumT>> {
    private final CombineFn<InputT, AccumT, ?> fn;
    private final int maxInputsInMemory;
    private transient Map<K, AccumT> byKey;
    private transient int inputsInMemory;

    CombineInMemoryFn(CombineFn<InputT, AccumT, ?> fn, int maxInputsInMemory) {
      this.fn = fn;
      this.maxInputsInMemory = maxInputsInMemory;
    }

    @StartBundle
    public void startBundle() {
      byKey = new HashMap<>();
      inputsInMemory = 0;
    }

    @ProcessElement
    public void process(@Element KV<K, InputT> element, OutputReceiver<KV<K, AccumT>> out) {
      byKey.compute(element.getKey(), (key, accumulator) -> fn.addInput(
          accumulator == null ? fn.createAccumulator() : accumulator, element.getValue()));
      if (++inputsInMemory >= maxInputsInMemory) {
        byKey.forEach((key, partial) -> out.output(KV.of(key, partial)));
        byKey = new HashMap<>();
        inputsInMemory = 0;
      }
    }

    @FinishBundle
    public void finishBundle(FinishBundleContext context) {
      byKey.forEach((key, partial) ->
          context.output(KV.of(key, partial), GlobalWindow.INSTANCE.maxTimestamp(), GlobalWindow.INSTANCE));
      byKey = null;
    }
  }

  /** The combine function over its own accumulators: what the partial sums need to become one. */
  static final class MergePartials<AccumT, OutputT> extends CombineFn<AccumT, AccumT, OutputT> {
    private final CombineFn<?, AccumT, OutputT> fn;
    private final Coder<AccumT> accumulatorCoder;
    private final Coder<OutputT> outputCoder;

    MergePartials(CombineFn<?, AccumT, OutputT> fn, Coder<AccumT> accumulatorCoder,
        Coder<OutputT> outputCoder) {
      this.fn = fn;
      this.accumulatorCoder = accumulatorCoder;
      this.outputCoder = outputCoder;
    }

    @Override
    public AccumT createAccumulator() {
      return fn.createAccumulator();
    }

    @Override
    public AccumT addInput(AccumT accumulator, AccumT partial) {
      List<AccumT> both = new ArrayList<>(2);
      both.add(accumulator);
      both.add(partial);
      return fn.mergeAccumulators(both);
    }

    @Override
    public AccumT mergeAccumulators(Iterable<AccumT> accumulators) {
      return fn.mergeAccumulators(accumulators);
    }

    @Override
    public OutputT extractOutput(AccumT accumulator) {
      return fn.extractOutput(accumulator);
    }

    @Override
    public Coder<AccumT> getAccumulatorCoder(CoderRegistry registry, Coder<AccumT> input) {
      return accumulatorCoder;
    }

    @Override
    public Coder<OutputT> getDefaultOutputCoder(CoderRegistry registry, Coder<AccumT> input) {
      return outputCoder;
    }
  }
}
