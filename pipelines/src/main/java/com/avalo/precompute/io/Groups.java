package com.avalo.precompute.io;

import java.util.Iterator;

/** Small helpers for the values of a grouped key. */
public final class Groups {
  private Groups() {}

  /**
   * The first of a group's values, or null when the group has none. Used where ids are unique in
   * the app's data (one user per uid), so "first" is "the one".
   */
  public static <T> T first(Iterable<T> values) {
    Iterator<T> iterator = values.iterator();
    return iterator.hasNext() ? iterator.next() : null;
  }
}
