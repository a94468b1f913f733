package com.avalo.precompute.feeds;

import com.avalo.precompute.cards.ProfileCards;
import com.avalo.precompute.io.RunContext;
import com.avalo.precompute.source.SourceRecords.User;
import com.avalo.precompute.source.SourceRecords.UserStatus;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Who may appear in whose feed. Every rule holds both ways: a candidate is shown to a viewer only
 * when each is active for discovery, each wants the other's gender, each one's age is inside the
 * other's [ageMin, ageMax] (inclusive) and their distance is at most both limits; and never the
 * viewer themself or anyone the viewer liked, superliked, passed, matched, blocked or was blocked
 * by (the {@code excluded} set, see {@link FeedEdge}; held as hashes by {@link UidSet}, which never
 * misses a member).
 */
public final class FeedEligibility {
  /**
   * Distances are compared with this slack (1 mm) so that a pair exactly at the limit, whose
   * haversine comes out an ulp above the integer limit, stays in.
   */
  public static final double DISTANCE_TOLERANCE_KM = 1e-6;

  /** Why a candidate is or is not in a viewer's feed; the first failing rule in this order. */
  public enum Verdict {
    ELIGIBLE, SELF, VIEWER_INACTIVE, CANDIDATE_INACTIVE, GENDER, AGE, DISTANCE, EXCLUDED
  }

  private FeedEligibility() {}

  /** The full check for one pair, from source records; the pipeline applies the same rules in parts. */
  public static Verdict check(User viewer, User candidate, RunContext run, RankingConfig config,
      UidSet excludedByViewer) {
    if (viewer.id().equals(candidate.id())) {
      return Verdict.SELF;
    }
    if (!isActiveForDiscovery(viewer, run)) {
      return Verdict.VIEWER_INACTIVE;
    }
    if (!isActiveForDiscovery(candidate, run)) {
      return Verdict.CANDIDATE_INACTIVE;
    }
    FeedProfile v = FeedProfile.of(viewer, run.asOf(), config);
    FeedProfile c = FeedProfile.of(candidate, run.asOf(), config);
    if (!gendersMatch(v, c)) {
      return Verdict.GENDER;
    }
    if (!agesMatch(v, c)) {
      return Verdict.AGE;
    }
    if (!withinDistance(v, c, Geo.distanceKm(v.lat(), v.lng(), c.lat(), c.lng()))) {
      return Verdict.DISTANCE;
    }
    return excludedByViewer.contains(candidate.id()) ? Verdict.EXCLUDED : Verdict.ELIGIBLE;
  }

  /** Status active and last active within the run's window. */
  public static boolean isActiveForDiscovery(User user, RunContext run) {
    return user.status() == UserStatus.active && run.isActive(user.lastActiveAt());
  }

  /** Whole years from {@code birthDate} to the UTC date of {@code asOf}, as cards show it. */
  public static int ageOn(LocalDate birthDate, Instant asOf) {
    return ProfileCards.ageOn(birthDate, asOf);
  }

  /** Each wants the other's gender. */
  public static boolean gendersMatch(FeedProfile a, FeedProfile b) {
    return a.wants(b.gender()) && b.wants(a.gender());
  }

  /** Each one's age is inside the other's range, bounds included. */
  public static boolean agesMatch(FeedProfile a, FeedProfile b) {
    return b.age() >= a.ageMin() && b.age() <= a.ageMax()
        && a.age() >= b.ageMin() && a.age() <= b.ageMax();
  }

  /** The distance is within both users' limits (with {@link #DISTANCE_TOLERANCE_KM}). */
  public static boolean withinDistance(FeedProfile a, FeedProfile b, double distanceKm) {
    return distanceKm <= Math.min(a.maxDistanceKm(), b.maxDistanceKm()) + DISTANCE_TOLERANCE_KM;
  }

  /**
   * Whether two different profiles are mutually eligible before exclusions, returning their
   * distance, or -1 when not; the latitude-only lower bound rejects most far pairs without trigonometry.
   */
  public static double eligibleDistanceKm(FeedProfile viewer, FeedProfile candidate) {
    if (!gendersMatch(viewer, candidate) || !agesMatch(viewer, candidate)) {
      return -1;
    }
    double limit = Math.min(viewer.maxDistanceKm(), candidate.maxDistanceKm()) + DISTANCE_TOLERANCE_KM;
    if (Geo.latitudeDistanceKm(viewer.lat(), candidate.lat()) > limit + 1e-9) {
      return -1;
    }
    double distance = Geo.distanceKm(viewer.lat(), viewer.lng(), candidate.lat(), candidate.lng());
    return withinDistance(viewer, candidate, distance) ? distance : -1;
  }
}
