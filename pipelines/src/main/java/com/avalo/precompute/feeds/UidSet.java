package com.avalo.precompute.feeds;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/** An immutable set of user ids as one sorted array: compact to ship, binary-searched to test. */
public final class UidSet implements Serializable {
  public static final UidSet EMPTY = new UidSet(new String[0]);

  private final String[] ids;

  private UidSet(String[] sortedDistinct) {
    this.ids = sortedDistinct;
  }

  public static UidSet of(Collection<String> ids) {
    return ids.isEmpty() ? EMPTY : new UidSet(new TreeSet<>(ids).toArray(String[]::new));
  }

  public static UidSet of(String... ids) {
    return of(Arrays.asList(ids));
  }

  public boolean contains(String uid) {
    return Arrays.binarySearch(ids, uid) >= 0;
  }

  public int size() {
    return ids.length;
  }

  /** The ids in order. */
  public List<String> ids() {
    return List.of(ids);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof UidSet that && Arrays.equals(ids, that.ids);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(ids);
  }

  @Override
  public String toString() {
    return Arrays.toString(ids);
  }
}
