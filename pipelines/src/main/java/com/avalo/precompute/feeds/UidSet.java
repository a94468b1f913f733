package com.avalo.precompute.feeds;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Collection;

/**
 * An immutable set of user ids held as their sorted 64-bit hashes ({@link FeedScore#hash}): a
 * viewer's exclusions travel with each of its requests, so they are kept small and cheap to
 * decode. A member is always found, so an excluded (blocked, swiped, matched) candidate is always
 * hidden; a non-member is taken for a member only when its hash collides with one of the set's,
 * about {@code size / 2^64} per lookup, which at worst hides one innocent candidate.
 */
public final class UidSet implements Serializable {
  public static final UidSet EMPTY = new UidSet(new long[0]);

  private final long[] hashes;

  private UidSet(long[] sortedDistinctHashes) {
    this.hashes = sortedDistinctHashes;
  }

  public static UidSet of(Collection<String> ids) {
    if (ids.isEmpty()) {
      return EMPTY;
    }
    return new UidSet(ids.stream().mapToLong(FeedScore::hash).sorted().distinct().toArray());
  }

  public static UidSet of(String... ids) {
    return of(Arrays.asList(ids));
  }

  /** A set from hashes already sorted and distinct, as {@link #hashes()} gives them. */
  static UidSet ofHashes(long[] sortedDistinctHashes) {
    return sortedDistinctHashes.length == 0 ? EMPTY : new UidSet(sortedDistinctHashes);
  }

  public boolean contains(String uid) {
    return containsHash(FeedScore.hash(uid));
  }

  /** {@link #contains} for a uid whose {@link FeedScore#hash} is known. */
  public boolean containsHash(long uidHash) {
    return hashes.length > 0 && Arrays.binarySearch(hashes, uidHash) >= 0;
  }

  public int size() {
    return hashes.length;
  }

  /** The sorted hashes; not to be modified. */
  long[] hashes() {
    return hashes;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof UidSet that && Arrays.equals(hashes, that.hashes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(hashes);
  }

  @Override
  public String toString() {
    return "UidSet(" + hashes.length + " ids)";
  }
}
