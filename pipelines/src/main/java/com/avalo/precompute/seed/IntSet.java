package com.avalo.precompute.seed;

import java.util.Arrays;

/** A reusable open-addressing set of non-negative ints, for per-user de-duplication. */
final class IntSet {
  private static final int EMPTY = -1;
  private int[] slots = new int[64];
  private int size;

  void clear() {
    if (slots.length > 1024) { // one very popular user must not make every later clear slow
      slots = new int[64];
    }
    Arrays.fill(slots, EMPTY);
    size = 0;
  }

  IntSet() {
    clear();
  }

  /** Adds the value; false when it was already present. */
  boolean add(int value) {
    if (2 * (size + 1) > slots.length) {
      grow();
    }
    int mask = slots.length - 1;
    int at = (int) SeedRandom.mix64(value) & mask;
    while (slots[at] != EMPTY) {
      if (slots[at] == value) {
        return false;
      }
      at = (at + 1) & mask;
    }
    slots[at] = value;
    size++;
    return true;
  }

  private void grow() {
    int[] old = slots;
    slots = new int[old.length * 2];
    Arrays.fill(slots, EMPTY);
    size = 0;
    for (int value : old) {
      if (value != EMPTY) {
        add(value);
      }
    }
  }
}
