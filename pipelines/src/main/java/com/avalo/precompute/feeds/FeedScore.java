package com.avalo.precompute.feeds;

import com.avalo.precompute.source.SourceRecords.User;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The feed's score. Every component is in [0, 1]; the weights and boosts come from
 * {@link RankingConfig}:
 *
 * <pre>
 * score = w.distance        * 0.5 ^ (distanceKm / distanceHalfLifeKm)
 *       + w.activity        * 0.5 ^ (daysSinceLastActive / activityHalfLifeDays)
 *       + w.desirability    * (likesReceived + prior.likes) / (likesReceived + passesReceived + prior.likes + prior.passes)
 *       + w.completeness    * (photos * min(photoCount, photoTarget) / photoTarget + bio * [bio not blank] + verified * [verified])
 *                           / (photos + bio + verified)
 *       + w.sharedInterests * min(sharedInterests, saturation) / saturation
 *       + boosts.likedYou   * [the candidate liked or superliked the viewer]
 *       + boosts.newUser    * [the candidate was created less than newUserDays before asOf]
 * </pre>
 *
 * Desirability is the posterior mean of a Beta(prior.likes, prior.passes) like rate: we have no
 * impressions, so a candidate's impressions are the likes, superlikes and passes they received; a
 * new user starts at the prior mean rather than at 0. Distance and shared interests depend on the
 * viewer; the rest is the candidate's {@link #baseScore}, by which dense blocks are pre-ranked.
 * Scores are rounded to {@link #SCALE} decimals; equal rounded scores are ordered by
 * {@link #tiebreak}, a hash of (asOf's UTC date, viewer, candidate).
 */
public final class FeedScore {
  /** Decimals kept in a score; feeds are ordered by the rounded score that readers see. */
  public static final int SCALE = 4;
  private static final double ROUNDING = StrictMath.pow(10, SCALE);

  private FeedScore() {}

  /** 0.5 ^ (value / halfLife): 1 at 0, halving every halfLife. */
  public static double decay(double value, double halfLife) {
    return StrictMath.pow(0.5, Math.max(0, value) / halfLife);
  }

  /** Beta-smoothed like rate: likes (and superlikes) received over everything received. */
  public static double desirability(long likes, long passes, RankingConfig.Prior prior) {
    return (likes + prior.likes()) / (likes + passes + prior.likes() + prior.passes());
  }

  /** Photos (up to the target), a bio and verification, weighted, in [0, 1]. */
  public static double completeness(int photoCount, String bio, boolean verified,
      RankingConfig.Completeness c) {
    double photos = Math.min(photoCount, c.photoTarget()) / (double) c.photoTarget();
    double hasBio = bio != null && !bio.isBlank() ? 1 : 0;
    double isVerified = verified ? 1 : 0;
    return (c.photos() * photos + c.bio() * hasBio + c.verified() * isVerified)
        / (c.photos() + c.bio() + c.verified());
  }

  /** The viewer-independent part without desirability: activity, completeness, new-user boost. */
  public static double profileScore(User user, Instant asOf, RankingConfig config) {
    double daysInactive = Duration.between(user.lastActiveAt(), asOf).toMillis() / 86_400_000.0;
    double activity = decay(daysInactive, config.activityHalfLifeDays());
    double completeness =
        completeness(user.photoCount(), user.bio(), user.verified(), config.completeness());
    boolean isNew = Duration.between(user.createdAt(), asOf).toMillis()
        < config.newUserDays() * 86_400_000.0;
    return config.weights().activity() * activity
        + config.weights().completeness() * completeness
        + (isNew ? config.boosts().newUser() : 0);
  }

  /** The viewer-independent score: the profile score plus weighted desirability. */
  public static double baseScore(double profileScore, long likes, long passes, RankingConfig config) {
    return profileScore
        + config.weights().desirability() * desirability(likes, passes, config.desirabilityPrior());
  }

  /** The full score of a candidate for a viewer, rounded to {@link #SCALE} decimals. */
  public static double pairScore(double baseScore, double distanceKm, int sharedInterests,
      boolean likedViewer, RankingConfig config) {
    RankingConfig.Weights w = config.weights();
    double score = baseScore
        + w.distance() * decay(distanceKm, config.distanceHalfLifeKm())
        + w.sharedInterests() * Math.min(sharedInterests, config.sharedInterestsSaturation())
            / (double) config.sharedInterestsSaturation()
        + (likedViewer ? config.boosts().likedYou() : 0);
    return round(score);
  }

  public static double round(double score) {
    return Math.round(score * ROUNDING) / ROUNDING;
  }

  /** Interests both sorted, distinct lists hold, in order. */
  public static List<String> sharedInterests(List<String> a, List<String> b) {
    List<String> shared = new java.util.ArrayList<>();
    walkShared(a, b, shared);
    return shared;
  }

  /** The seed of a day's tie-breaks: candidates with equal scores rotate from one day to the next. */
  public static long daySeed(Instant asOf) {
    return hash(LocalDate.ofInstant(asOf, ZoneOffset.UTC).toString());
  }

  /** Orders candidates with equal scores for one viewer on one day: hash(day, viewer, candidate). */
  public static long tiebreak(long daySeed, String viewer, String candidate) {
    return tiebreak(daySeed, hash(viewer), hash(candidate));
  }

  /** {@link #tiebreak(long, String, String)} of uids whose {@link #hash}es are known. */
  public static long tiebreak(long daySeed, long viewerHash, long candidateHash) {
    return mix(mix(daySeed ^ viewerHash) ^ candidateHash);
  }

  /** How many interests both sorted, distinct lists hold: {@link #sharedInterests}' size. */
  public static int sharedInterestCount(List<String> a, List<String> b) {
    return walkShared(a, b, null);
  }

  /** Counts the interests both lists hold, adding them to {@code into} unless it is null. */
  private static int walkShared(List<String> a, List<String> b, List<String> into) {
    int shared = 0;
    int i = 0;
    int j = 0;
    while (i < a.size() && j < b.size()) {
      int cmp = a.get(i).compareTo(b.get(j));
      if (cmp == 0) {
        if (into != null) {
          into.add(a.get(i));
        }
        shared++;
        i++;
        j++;
      } else if (cmp < 0) {
        i++;
      } else {
        j++;
      }
    }
    return shared;
  }

  /** 64-bit FNV-1a over UTF-8, finished with a mix so that similar ids spread. */
  public static long hash(String text) {
    long h = 0xcbf29ce484222325L;
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      h = (h ^ (b & 0xff)) * 0x100000001b3L;
    }
    return mix(h);
  }

  /** SplitMix64's finalizer. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
