package com.avalo.precompute.seed;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * What world to generate. The same config always produces byte-identical files.
 *
 * @param users number of users
 * @param seed root of every random decision
 * @param anchor the "now" of the generated world; every timestamp is strictly before it.
 *     Truncated to whole seconds, the precision of every timestamp the seed writes
 * @param signupSpanDays how far back the oldest signups go (more signups are recent)
 * @param activityWindowDays days before the anchor covered by {@code session_start} and
 *     {@code api_call} events
 * @param swipesPerUser mean number of one-way likes, superlikes and passes a user gives
 * @param matchesPerUser mean number of matches a user starts (each match involves two users,
 *     so a user's average match count is about twice this)
 * @param maxMatchesPerUser cap on one user's matches, which keeps the Zipf tail plausible at
 *     a million users (each user's own cap is drawn between 60% and 100% of it)
 * @param celebrityReach share of their city's users of the genders they like that each of
 *     the few celebrities (the most popular woman and man of the two largest cities) matches
 *     with, capped by {@code maxMatchesPerUser}; 0 turns celebrities off
 * @param popularitySkew Zipf exponent of popularity within a city and gender; above 1 a few
 *     users receive a large share of likes and matches
 * @param messagesPerChat median message count of a chat that has messages
 * @param payerShare share of users who ever buy tokens (more engaged users buy more often)
 * @param refundRate share of completed purchases that are later refunded, when the tokens are
 *     still there to take back
 * @param apiCallsPerSession mean number of {@code api_call} events after a session start
 */
public record SeedConfig(
    int users,
    long seed,
    Instant anchor,
    int signupSpanDays,
    int activityWindowDays,
    double swipesPerUser,
    double matchesPerUser,
    int maxMatchesPerUser,
    double celebrityReach,
    double popularitySkew,
    double messagesPerChat,
    double payerShare,
    double refundRate,
    double apiCallsPerSession) {

  /** A Monday at midnight UTC, so the last day, ISO week and hour before it are complete. */
  public static final Instant DEFAULT_ANCHOR = Instant.parse("2026-11-23T00:00:00Z");

  /** The fewest users a world can have: one alone has no one to like, match or message. */
  public static final int MIN_USERS = 2;

  public SeedConfig {
    if (users < MIN_USERS) {
      throw new IllegalArgumentException("users must be at least " + MIN_USERS + ", was " + users);
    }
    if (anchor == null) {
      throw new IllegalArgumentException("anchor is required");
    }
    anchor = anchor.truncatedTo(ChronoUnit.SECONDS);
    if (anchor.getEpochSecond() < (long) (signupSpanDays + 1) * 86_400) {
      throw new IllegalArgumentException("anchor " + anchor + " leaves no room for "
          + signupSpanDays + " days of signups after 1970");
    }
    requireAtLeast("signupSpanDays", signupSpanDays, 1);
    requireAtLeast("activityWindowDays", activityWindowDays, 1);
    if (activityWindowDays > signupSpanDays) {
      throw new IllegalArgumentException("activityWindowDays (" + activityWindowDays
          + ") cannot exceed signupSpanDays (" + signupSpanDays + ")");
    }
    requireAtLeast("swipesPerUser", swipesPerUser, 0);
    requireAtLeast("matchesPerUser", matchesPerUser, 0);
    requireAtLeast("maxMatchesPerUser", maxMatchesPerUser, 1);
    requireShare("celebrityReach", celebrityReach);
    requireAtLeast("popularitySkew", popularitySkew, 0);
    requireAtLeast("messagesPerChat", messagesPerChat, 1);
    requireShare("payerShare", payerShare);
    requireShare("refundRate", refundRate);
    requireAtLeast("apiCallsPerSession", apiCallsPerSession, 0);
  }

  /** 10,000 users, seed 42, anchored at {@link #DEFAULT_ANCHOR}. */
  public static SeedConfig defaults() {
    return new SeedConfig(10_000, 42L, DEFAULT_ANCHOR, 730, 60, 30.0, 3.0, 1_500, 0.6, 1.3, 6.0,
        0.12, 0.05, 2.0);
  }

  /** This config with another number of users. */
  public SeedConfig withUsers(int newUsers) {
    return new SeedConfig(newUsers, seed, anchor, signupSpanDays, activityWindowDays,
        swipesPerUser, matchesPerUser, maxMatchesPerUser, celebrityReach, popularitySkew,
        messagesPerChat, payerShare, refundRate, apiCallsPerSession);
  }

  /** This config with another seed: a different world of the same shape. */
  public SeedConfig withSeed(long newSeed) {
    return new SeedConfig(users, newSeed, anchor, signupSpanDays, activityWindowDays,
        swipesPerUser, matchesPerUser, maxMatchesPerUser, celebrityReach, popularitySkew,
        messagesPerChat, payerShare, refundRate, apiCallsPerSession);
  }

  /** This config with another "now". */
  public SeedConfig withAnchor(Instant newAnchor) {
    return new SeedConfig(users, seed, newAnchor, signupSpanDays, activityWindowDays,
        swipesPerUser, matchesPerUser, maxMatchesPerUser, celebrityReach, popularitySkew,
        messagesPerChat, payerShare, refundRate, apiCallsPerSession);
  }

  private static void requireAtLeast(String name, double value, double min) {
    if (!(value >= min)) { // also rejects NaN
      throw new IllegalArgumentException(name + " must be at least " + min + ", was " + value);
    }
  }

  private static void requireShare(String name, double value) {
    if (!(value >= 0 && value <= 1)) {
      throw new IllegalArgumentException(name + " must be within [0, 1], was " + value);
    }
  }
}
