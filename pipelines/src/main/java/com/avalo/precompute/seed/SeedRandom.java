package com.avalo.precompute.seed;

/**
 * A small SplitMix64 generator with keyed sub-streams.
 *
 * <p>We do not use {@link java.util.Random} or {@link java.util.SplittableRandom}: their
 * algorithms are JDK implementation details, and the seed promises byte-identical output for a
 * config, so the generator's arithmetic must be ours. All transcendental functions go through
 * {@link StrictMath} for the same reason. Sub-streams keyed by (stream, a, b) let every user,
 * pair and day draw its own numbers, so one phase can recompute exactly what another decided
 * without storing it.
 */
final class SeedRandom {
  private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

  private long state;

  SeedRandom(long seed) {
    this.state = seed;
  }

  /** An independent stream for one key, e.g. (USERS, userIndex) or (PAIR, pairKey). */
  static SeedRandom stream(long seed, long stream, long key) {
    return new SeedRandom(hash(seed, stream, key));
  }

  /** An independent stream for a two-part key, e.g. (SESSIONS, userIndex, day). */
  static SeedRandom stream(long seed, long stream, long a, long b) {
    return new SeedRandom(hash(seed, stream, a, b));
  }

  static long hash(long seed, long stream, long key) {
    return mix64(mix64(mix64(seed) + stream * GOLDEN_GAMMA) + key);
  }

  static long hash(long seed, long stream, long a, long b) {
    return mix64(hash(seed, stream, a) ^ mix64(b + GOLDEN_GAMMA));
  }

  /** A uniform double in [0, 1) from a keyed hash, for one-off decisions that need no stream. */
  static double unit(long seed, long stream, long a, long b) {
    return (hash(seed, stream, a, b) >>> 11) * 0x1.0p-53;
  }

  /** Stafford's variant 13 finalizer; a bijection on 64-bit values. */
  static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  long nextLong() {
    state += GOLDEN_GAMMA;
    return mix64(state);
  }

  /** Uniform in [0, 1). */
  double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  /** Uniform in [0, bound); bound must be positive. */
  int nextInt(int bound) {
    return (int) (((nextLong() >>> 32) * bound) >>> 32);
  }

  /** Uniform in [from, to]; returns from when the range is empty. */
  long nextLongBetween(long from, long to) {
    if (to <= from) {
      return from;
    }
    return from + (long) (nextDouble() * (to - from + 1));
  }

  boolean chance(double probability) {
    return nextDouble() < probability;
  }

  /** Standard normal deviate (Box-Muller; one value per call keeps streams easy to reason about). */
  double nextGaussian() {
    double u1 = 1.0 - nextDouble(); // (0, 1]: log stays finite
    double u2 = nextDouble();
    return StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(2.0 * StrictMath.PI * u2);
  }

  /** Log-normal with the given median; sigma is the spread of the underlying normal. */
  double logNormal(double median, double sigma) {
    return median * StrictMath.exp(sigma * nextGaussian());
  }

  /** Exponential with the given mean. */
  double exponential(double mean) {
    return -mean * StrictMath.log(1.0 - nextDouble());
  }

  /** Poisson count with the given mean (inversion; fine for the small means we use). */
  int poisson(double mean) {
    if (mean <= 0) {
      return 0;
    }
    if (mean > 60) {
      return (int) Math.max(0, Math.round(mean + StrictMath.sqrt(mean) * nextGaussian()));
    }
    double limit = StrictMath.exp(-mean);
    double product = nextDouble();
    int count = 0;
    while (product > limit) {
      product *= nextDouble();
      count++;
    }
    return count;
  }

  /** Index drawn with probability proportional to weights[i]. */
  int weighted(double[] weights) {
    double total = 0;
    for (double w : weights) {
      total += w;
    }
    double target = nextDouble() * total;
    for (int i = 0; i < weights.length; i++) {
      target -= weights[i];
      if (target < 0) {
        return i;
      }
    }
    return weights.length - 1;
  }

  <T> T pick(T[] values) {
    return values[nextInt(values.length)];
  }
}
