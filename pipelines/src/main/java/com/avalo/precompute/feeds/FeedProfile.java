package com.avalo.precompute.feeds;

import com.avalo.precompute.source.SourceRecords.Gender;
import com.avalo.precompute.source.SourceRecords.User;
import java.io.Serializable;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the feed needs of one active user, as viewer or as candidate, computed once as of the run:
 * the card fields, the preferences in a compact form and the viewer-independent part of the score.
 *
 * @param age whole years on asOf's UTC date
 * @param interestedIn bit {@code 1 << gender.ordinal()} set for each gender the user wants to see
 * @param interests distinct and sorted, for a linear count of shared interests
 * @param profileScore the viewer-independent score without desirability ({@link FeedScore#profileScore})
 * @param baseScore {@code profileScore} plus weighted desirability, once likes received are known
 * @param uidHash {@link FeedScore#hash} of the uid, which every pair's tie-break and exclusion
 *     lookups need: hashed once here rather than up to four times per pair
 */
public record FeedProfile(
    String uid,
    String displayName,
    String city,
    int age,
    Gender gender,
    int interestedIn,
    int ageMin,
    int ageMax,
    int maxDistanceKm,
    double lat,
    double lng,
    List<String> interests,
    int photoCount,
    double profileScore,
    double baseScore,
    long uidHash) implements Serializable {

  private static final Gender[] GENDERS = Gender.values();

  /** The profile of an active user before likes received are counted (desirability at the prior). */
  public static FeedProfile of(User user, Instant asOf, RankingConfig config) {
    double profileScore = FeedScore.profileScore(user, asOf, config);
    return new FeedProfile(user.id(), user.displayName(), user.city(),
        FeedEligibility.ageOn(user.birthDate(), asOf), user.gender(), mask(user.interestedIn()),
        user.ageMin(), user.ageMax(), user.maxDistanceKm(), user.lat(), user.lng(),
        List.copyOf(new TreeSet<>(user.interests())), user.photoCount(), profileScore,
        FeedScore.baseScore(profileScore, 0, 0, config), FeedScore.hash(user.id()));
  }

  /** This profile with desirability from the likes (and superlikes) and passes it received. */
  public FeedProfile withLikesReceived(long likes, long passes, RankingConfig config) {
    return new FeedProfile(uid, displayName, city, age, gender, interestedIn, ageMin, ageMax,
        maxDistanceKm, lat, lng, interests, photoCount, profileScore,
        FeedScore.baseScore(profileScore, likes, passes, config), uidHash);
  }

  /** Whether this user wants to see users of {@code other}. */
  public boolean wants(Gender other) {
    return (interestedIn & (1 << other.ordinal())) != 0;
  }

  /** The genders this user wants to see, in enum order. */
  public List<Gender> wantedGenders() {
    return Arrays.stream(GENDERS).filter(this::wants).toList();
  }

  static int mask(Set<Gender> genders) {
    int mask = 0;
    for (Gender g : genders) {
      mask |= 1 << g.ordinal();
    }
    return mask;
  }
}
