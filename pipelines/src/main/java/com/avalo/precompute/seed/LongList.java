package com.avalo.precompute.seed;

import java.util.Arrays;

/** A growable array of primitive longs: a million pairs cost 8 MB, not 40+ as boxed Longs. */
final class LongList {
  private long[] values;
  private int size;

  LongList(int initialCapacity) {
    values = new long[Math.max(1, initialCapacity)];
  }

  void add(long value) {
    if (size == values.length) {
      values = Arrays.copyOf(values, values.length + (values.length >> 1) + 1);
    }
    values[size++] = value;
  }

  int size() {
    return size;
  }

  /** Sorted distinct values; this list is consumed and must not be used afterwards. */
  long[] toSortedDistinctArray() {
    Arrays.sort(values, 0, size);
    int distinct = 0;
    for (int i = 0; i < size; i++) {
      if (distinct == 0 || values[i] != values[distinct - 1]) {
        values[distinct++] = values[i];
      }
    }
    long[] result = Arrays.copyOf(values, distinct);
    values = null;
    return result;
  }
}
