package com.avalo.precompute.seed;

import java.util.Arrays;

/**
 * Who matched with whom, decided before any like is written.
 *
 * <p>Matches are exactly the mutual-like pairs. Rather than write all likes and then search for
 * mutual ones (which needs every like in memory), the seed decides the mutual pairs here and
 * {@link LikesPhase} writes a like in each direction for them; every other positive like is
 * one-way by construction. Each user starts a few matches with popular, mutually interested
 * users of their city, so popular users collect hundreds. Pairs are held as a sorted adjacency
 * (CSR) of ints: about 16 bytes per match.
 */
final class MatchGraph {
  private static final int ATTEMPTS_PER_MATCH = 8;
  /** Both users must have been around together for at least this long to like each other. */
  private static final long MIN_OVERLAP_SECONDS = 3_600;
  /** Celebrities live in the first (largest) cities of {@link City#ALL}. */
  private static final int CELEBRITY_CITIES = 2;
  private static final int CELEBRITY_CANDIDATES = 10;

  private final int[] offsets;
  private final int[] partners;
  private final long pairCount;

  private MatchGraph(int[] offsets, int[] partners, long pairCount) {
    this.offsets = offsets;
    this.partners = partners;
    this.pairCount = pairCount;
  }

  long pairCount() {
    return pairCount;
  }

  int degree(int user) {
    return offsets[user + 1] - offsets[user];
  }

  /** The k-th partner of the user, partners in ascending index order. */
  int partner(int user, int k) {
    return partners[offsets[user] + k];
  }

  boolean areMatched(int a, int b) {
    return Arrays.binarySearch(partners, offsets[a], offsets[a + 1], b) >= 0;
  }

  /** When two users' time on the app overlaps: [start, end], or end < start when it does not. */
  static long overlapStart(Population users, int a, int b) {
    return Math.max(users.createdAt[a], users.createdAt[b]);
  }

  static long overlapEnd(Population users, int a, int b) {
    return Math.min(users.lastActiveAt[a], users.lastActiveAt[b]);
  }

  static MatchGraph select(SeedConfig config, Population users, SeedProgress progress) {
    int[] degree = new int[users.size];
    LongList pairs = new LongList(Math.max(16, (int) (users.size * config.matchesPerUser())));
    ProgressTicker ticker = new ProgressTicker(progress, "matching", users.size);
    addCelebrityMatches(config, users, degree, pairs);
    int[] chosen = new int[64];
    for (int u = 0; u < users.size; u++) {
      SeedRandom rng = SeedRandom.stream(config.seed(), Streams.MATCH_PICKS, u);
      double mean = config.matchesPerUser() * activityFactor(users, u);
      int wanted = Math.min(chosen.length, rng.poisson(mean));
      int picked = 0;
      for (int m = 0; m < wanted && degree[u] < capOf(config, u); m++) {
        int partner = pickPartner(u, users, degree, config, rng,
            chosen, picked);
        if (partner >= 0) {
          chosen[picked++] = partner;
          degree[u]++;
          degree[partner]++;
          pairs.add(pairKey(u, partner));
        }
      }
      ticker.advanceTo(u + 1);
    }
    MatchGraph graph = fromPairs(users.size, pairs);
    ticker.finish();
    return graph;
  }

  /**
   * In each of the largest cities, the longest-serving of the ten most popular women, and of the
   * ten most popular men, is a celebrity: like users who keep buying boosts, they are shown to
   * everyone around regardless of age filters, and they like back a large share
   * ({@code celebrityReach}) of the city's users they are interested in. This gives chat lists
   * with hundreds of entries even in a 3,000-user test world; at a million users the organic
   * Zipf tail alone gets there, and the cap applies to both.
   */
  private static void addCelebrityMatches(SeedConfig config, Population users, int[] degree,
      LongList pairs) {
    IntSet partners = new IntSet();
    for (int cityIndex = 0; cityIndex < CELEBRITY_CITIES; cityIndex++) {
      for (int gender : new int[] {Population.FEMALE, Population.MALE}) {
        if (users.poolSize(cityIndex, gender) == 0) {
          continue;
        }
        int celebrity = longestServing(users, cityIndex, gender);
        SeedRandom rng = SeedRandom.stream(config.seed(), Streams.CELEBRITY, celebrity);
        int reachable = 0;
        for (int g = 0; g < 3; g++) {
          reachable += users.isInterestedIn(celebrity, g) ? users.poolSize(cityIndex, g) : 0;
        }
        long attempts = Math.round(config.celebrityReach() * reachable);
        partners.clear();
        for (long a = 0; a < attempts && degree[celebrity] < capOf(config, celebrity); a++) {
          int g = users.pickInterestingGender(celebrity, rng);
          int size = users.poolSize(cityIndex, g);
          if (size == 0) {
            continue;
          }
          int v = users.poolMember(cityIndex, g, rng.nextInt(size));
          if (v != celebrity && degree[v] < capOf(config, v)
              && users.isInterestedIn(v, users.gender[celebrity])
              && overlapEnd(users, celebrity, v) - overlapStart(users, celebrity, v)
                  >= MIN_OVERLAP_SECONDS
              && partners.add(v)) {
            degree[celebrity]++;
            degree[v]++;
            pairs.add(pairKey(celebrity, v));
          }
        }
      }
    }
  }

  /** Among the pool's most popular users, the one who has been around longest. */
  private static int longestServing(Population users, int cityIndex, int gender) {
    int best = users.poolMember(cityIndex, gender, 0);
    for (int rank = 1; rank < Math.min(CELEBRITY_CANDIDATES, users.poolSize(cityIndex, gender));
        rank++) {
      int candidate = users.poolMember(cityIndex, gender, rank);
      if (daysAround(users, candidate) > daysAround(users, best)) {
        best = candidate;
      }
    }
    return best;
  }

  private static long daysAround(Population users, int u) {
    return users.activeUntilDay[u] - ActivityModel.dayOf(users.createdAt[u]) + 1;
  }

  /**
   * Matches accumulate with use: someone who opened the app on a hundred days has more than
   * someone who left after a week. The square root keeps long-time users from dominating. The
   * factor averages about 1 over the population.
   */
  static double activityFactor(Population users, int u) {
    double activeDays = users.engagement[u] * daysAround(users, u);
    return Math.max(0.2, Math.min(4.0, StrictMath.sqrt(activeDays / 20.0)));
  }

  private static int pickPartner(int u, Population users, int[] degree, SeedConfig config,
      SeedRandom rng, int[] chosen, int picked) {
    for (int attempt = 0; attempt < ATTEMPTS_PER_MATCH; attempt++) {
      int v = users.samplePopular(users.city[u], users.pickInterestingGender(u, rng), rng);
      if (v < 0 || v == u || degree[v] >= capOf(config, v)
          || !users.isInterestedIn(v, users.gender[u])) {
        continue;
      }
      if (overlapEnd(users, u, v) - overlapStart(users, u, v) < MIN_OVERLAP_SECONDS) {
        continue;
      }
      if (!rng.chance(ageFitChance(users, u, v))) {
        continue;
      }
      if (contains(chosen, picked, v)) {
        continue;
      }
      return v;
    }
    return -1;
  }

  /**
   * Each user's own ceiling, between 60% and 100% of {@code maxMatchesPerUser}: with one shared
   * cap, a million-user world piles a visible spike of users at exactly the cap.
   */
  static int capOf(SeedConfig config, int u) {
    double jitter = 0.6 + 0.4 * SeedRandom.unit(config.seed(), Streams.MATCH_CAP, u, 0);
    return Math.max(1, (int) (config.maxMatchesPerUser() * jitter));
  }

  /**
   * Age filters are soft: the app shows profiles outside them now and then, and people match
   * across a range they set years ago, but a match both ranges exclude is rare.
   */
  private static double ageFitChance(Population users, int u, int v) {
    int fits = (users.acceptsAge(u, users.age[v]) ? 1 : 0)
        + (users.acceptsAge(v, users.age[u]) ? 1 : 0);
    return fits == 2 ? 1.0 : fits == 1 ? 0.5 : 0.05;
  }

  static long pairKey(int a, int b) {
    int low = Math.min(a, b);
    int high = Math.max(a, b);
    return (long) low << 32 | high;
  }

  private static boolean contains(int[] values, int length, int value) {
    for (int i = 0; i < length; i++) {
      if (values[i] == value) {
        return true;
      }
    }
    return false;
  }

  /** Sorts, drops pairs chosen from both ends, and builds the adjacency. */
  private static MatchGraph fromPairs(int userCount, LongList pairs) {
    long[] sorted = pairs.toSortedDistinctArray();
    int[] offsets = new int[userCount + 1];
    for (long pair : sorted) {
      offsets[(int) (pair >>> 32) + 1]++;
      offsets[(int) pair + 1]++;
    }
    for (int u = 0; u < userCount; u++) {
      offsets[u + 1] += offsets[u];
    }
    int[] partners = new int[offsets[userCount]];
    int[] fill = Arrays.copyOf(offsets, userCount);
    for (long pair : sorted) {
      int low = (int) (pair >>> 32);
      int high = (int) pair;
      partners[fill[low]++] = high;
      partners[fill[high]++] = low;
    }
    for (int u = 0; u < userCount; u++) {
      Arrays.sort(partners, offsets[u], offsets[u + 1]);
    }
    return new MatchGraph(offsets, partners, sorted.length);
  }
}
