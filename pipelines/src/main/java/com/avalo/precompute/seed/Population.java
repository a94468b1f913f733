package com.avalo.precompute.seed;

import java.util.Arrays;

/**
 * Everything later phases need to know about users, as one primitive array per attribute
 * (about 50 bytes a user), plus popularity-weighted candidate pools per city and gender.
 *
 * <p>Ids are not stored: {@link #userId} recomputes them from the index.
 */
final class Population {
  static final int FEMALE = 0;
  static final int MALE = 1;
  static final int NONBINARY = 2;
  static final String[] GENDER_NAMES = {"female", "male", "nonbinary"};

  final int size;
  final short[] city;
  final byte[] gender;
  /** Bit {@code 1 << g} set when interested in gender g. */
  final byte[] interestMask;
  final byte[] age;
  final byte[] ageMin;
  final byte[] ageMax;
  final long[] createdAt;
  final long[] lastActiveAt;
  /** Probability of opening the app on a given day while the user is still around. */
  final float[] engagement;
  /** Last epoch day on which the user may still be active (0 days after signup for bouncers). */
  final int[] activeUntilDay;
  /** Zipf weight, 1 / (rank within city and gender + 1)^skew; set by {@link #rankPopularity}. */
  final double[] popularity;

  private final Ids userIds;
  private int[][] poolMembers;
  private double[][] poolCumulativeWeight;

  Population(int size, Ids userIds) {
    this.size = size;
    this.userIds = userIds;
    city = new short[size];
    gender = new byte[size];
    interestMask = new byte[size];
    age = new byte[size];
    ageMin = new byte[size];
    ageMax = new byte[size];
    createdAt = new long[size];
    lastActiveAt = new long[size];
    engagement = new float[size];
    activeUntilDay = new int[size];
    popularity = new double[size];
  }

  String userId(int user) {
    return userIds.of(user);
  }

  boolean isInterestedIn(int user, int otherGender) {
    return (interestMask[user] & (1 << otherGender)) != 0;
  }

  boolean acceptsAge(int user, int otherAge) {
    return otherAge >= ageMin[user] && otherAge <= ageMax[user];
  }

  /** Strict total order on popularity (ties broken by index), used to orient one-way likes. */
  boolean outranks(int a, int b) {
    return popularity[a] > popularity[b] || (popularity[a] == popularity[b] && a > b);
  }

  /** One of the genders the user is interested in, uniformly. */
  int pickInterestingGender(int user, SeedRandom rng) {
    int mask = interestMask[user];
    int nth = rng.nextInt(Integer.bitCount(mask));
    for (int g = 0; g < 3; g++) {
      if ((mask & (1 << g)) != 0 && nth-- == 0) {
        return g;
      }
    }
    throw new IllegalStateException("user " + user + " has an empty interest mask");
  }

  /**
   * Ranks users within each (city, gender) pool by a seeded shuffle and gives rank r the Zipf
   * weight 1/(r+1)^skew. The shuffle is weighted (Efraimidis-Spirakis keys) by how engaged a
   * user is and how long they have been around, as feeds favour active profiles: the most
   * popular users are then mostly people who use the app, who can match and chat, rather than
   * accounts that bounced after signup.
   */
  void rankPopularity(long seed, double skew) {
    int pools = City.ALL.size() * 3;
    int[] poolSizes = new int[pools];
    for (int u = 0; u < size; u++) {
      poolSizes[poolOf(city[u], gender[u])]++;
    }
    long[][] keyed = new long[pools][];
    for (int p = 0; p < pools; p++) {
      keyed[p] = new long[poolSizes[p]];
    }
    int[] fill = new int[pools];
    for (int u = 0; u < size; u++) {
      int p = poolOf(city[u], gender[u]);
      keyed[p][fill[p]++] = shuffleKey(seed, u) << 32 | u;
    }
    poolMembers = new int[pools][];
    poolCumulativeWeight = new double[pools][];
    for (int p = 0; p < pools; p++) {
      Arrays.sort(keyed[p]);
      int[] members = new int[keyed[p].length];
      double[] cumulative = new double[members.length];
      double total = 0;
      for (int rank = 0; rank < members.length; rank++) {
        int u = (int) keyed[p][rank];
        members[rank] = u;
        popularity[u] = 1.0 / StrictMath.pow(rank + 1, skew);
        total += popularity[u];
        cumulative[rank] = total;
      }
      keyed[p] = null;
      poolMembers[p] = members;
      poolCumulativeWeight[p] = cumulative;
    }
  }

  /**
   * Smaller keys rank first. The key is a positive float's bits, which order like the float
   * itself and fit beside the user index in one sortable long.
   */
  private long shuffleKey(long seed, int u) {
    double daysAround = activeUntilDay[u] - ActivityModel.dayOf(createdAt[u]) + 1;
    double weight = engagement[u] * Math.min(1.0, daysAround / 90.0);
    double uniform = 1.0 - SeedRandom.unit(seed, Streams.POPULARITY, u, 0); // (0, 1]
    double key = -StrictMath.log(uniform) / weight; // ascending key = descending u^(1/w)
    return Float.floatToIntBits((float) key);
  }

  /** A user of the given city and gender drawn by popularity, or -1 when there is none. */
  int samplePopular(int cityIndex, int poolGender, SeedRandom rng) {
    int p = poolOf(cityIndex, poolGender);
    double[] cumulative = poolCumulativeWeight[p];
    if (cumulative.length == 0) {
      return -1;
    }
    double target = rng.nextDouble() * cumulative[cumulative.length - 1];
    int at = Arrays.binarySearch(cumulative, target);
    int index = at >= 0 ? at + 1 : -at - 1;
    return poolMembers[p][Math.min(index, cumulative.length - 1)];
  }

  int poolSize(int cityIndex, int poolGender) {
    return poolMembers[poolOf(cityIndex, poolGender)].length;
  }

  /** Members of a pool from most to least popular; member 0 is the pool's most popular user. */
  int poolMember(int cityIndex, int poolGender, int rank) {
    return poolMembers[poolOf(cityIndex, poolGender)][rank];
  }

  private static int poolOf(int cityIndex, int poolGender) {
    return cityIndex * 3 + poolGender;
  }
}
