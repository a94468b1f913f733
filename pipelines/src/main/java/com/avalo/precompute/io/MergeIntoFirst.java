package com.avalo.precompute.io;

import java.util.Iterator;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * A combine's {@code mergeAccumulators} that adds the others into the first accumulator instead
 * of into a fresh one, as Beam allows. Flink's batch combine merges a key's partials one at a time,
 * so a fresh accumulator per merge copies the running one for every partial added to it.
 */
public final class MergeIntoFirst {
  private MergeIntoFirst() {}

  /** The first of {@code accumulators} with the rest added by {@code addInto}, or a new empty one. */
  public static <A> A merge(Iterable<A> accumulators, Supplier<A> empty, BiConsumer<A, A> addInto) {
    Iterator<A> each = accumulators.iterator();
    if (!each.hasNext()) {
      return empty.get();
    }
    A merged = each.next();
    each.forEachRemaining(other -> addInto.accept(merged, other));
    return merged;
  }
}
