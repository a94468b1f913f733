package com.avalo.precompute.seed;

/**
 * The two likes behind a match, recomputed from the pair's own stream wherever needed (the
 * likes phase writes them, the chats phase dates the match from them).
 *
 * @param low the user with the lower index
 * @param high the user with the higher index
 * @param lowLikedAt when {@code low} liked {@code high}
 * @param highLikedAt when {@code high} liked {@code low}
 * @param lowSuperlike whether {@code low}'s like was a superlike
 * @param highSuperlike whether {@code high}'s like was a superlike
 */
record PairPlan(int low, int high, long lowLikedAt, long highLikedAt, boolean lowSuperlike,
    boolean highSuperlike) {

  private static final double SUPERLIKE_SHARE = 0.1;

  static PairPlan of(long seed, Population users, int a, int b) {
    int low = Math.min(a, b);
    int high = Math.max(a, b);
    SeedRandom rng = SeedRandom.stream(seed, Streams.PAIR, MatchGraph.pairKey(low, high));
    long start = MatchGraph.overlapStart(users, low, high);
    long end = MatchGraph.overlapEnd(users, low, high);
    return new PairPlan(low, high, rng.nextLongBetween(start, end),
        rng.nextLongBetween(start, end), rng.chance(SUPERLIKE_SHARE),
        rng.chance(SUPERLIKE_SHARE));
  }

  /** A match exists from the moment the second like arrives. */
  long matchedAt() {
    return Math.max(lowLikedAt, highLikedAt);
  }

  /** The user whose like came first (the lower index on a tie). */
  int firstLiker() {
    return highLikedAt < lowLikedAt ? high : low;
  }

  int other(int user) {
    return user == low ? high : low;
  }

  long likedAtBy(int user) {
    return user == low ? lowLikedAt : highLikedAt;
  }

  boolean superlikeBy(int user) {
    return user == low ? lowSuperlike : highSuperlike;
  }
}
