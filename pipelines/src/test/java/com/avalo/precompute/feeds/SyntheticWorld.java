package com.avalo.precompute.feeds;

import com.avalo.precompute.source.SourceRecords.Block;
import com.avalo.precompute.source.SourceRecords.Gender;
import com.avalo.precompute.source.SourceRecords.Like;
import com.avalo.precompute.source.SourceRecords.LikeKind;
import com.avalo.precompute.source.SourceRecords.Match;
import com.avalo.precompute.source.SourceRecords.User;
import com.avalo.precompute.source.SourceRecords.UserStatus;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * A generated world of users in city clusters with likes, blocks and matches among neighbours.
 * Every record of user {@code i} is a function of (seed, i) alone, so a pipeline can generate a
 * million users in parallel shards and a test can generate the same world in memory.
 */
final class SyntheticWorld implements Serializable {
  /** A city: centre, spread and share of the users. */
  record City(String name, double lat, double lng, double radiusKm, double weight)
      implements Serializable {}

  /** Three towns 20-60 km apart: small worlds where most rules and levels come into play. */
  static final List<City> TOWNS = List.of(
      new City("Lyon", 45.7640, 4.8357, 6, 3),
      new City("Vienne", 45.5255, 4.8743, 3, 1),
      new City("Bourgoin", 45.5860, 5.2736, 3, 1));

  /** Twenty metro areas, a few big and many small (sizes roughly Zipf). */
  static final List<City> METROS = List.of(
      new City("Paris", 48.8566, 2.3522, 15, 20), new City("London", 51.5074, -0.1278, 18, 18),
      new City("Madrid", 40.4168, -3.7038, 12, 10), new City("Berlin", 52.5200, 13.4050, 14, 9),
      new City("Rome", 41.9028, 12.4964, 12, 7), new City("Milan", 45.4642, 9.1900, 10, 6),
      new City("Barcelona", 41.3874, 2.1686, 10, 6), new City("Munich", 48.1351, 11.5820, 9, 4),
      new City("Lyon", 45.7640, 4.8357, 7, 3), new City("Amsterdam", 52.3676, 4.9041, 8, 3),
      new City("Vienna", 48.2082, 16.3738, 9, 3), new City("Lisbon", 38.7223, -9.1393, 8, 2),
      new City("Brussels", 50.8503, 4.3517, 8, 2), new City("Prague", 50.0755, 14.4378, 8, 2),
      new City("Dublin", 53.3498, -6.2603, 8, 2), new City("Marseille", 43.2965, 5.3698, 8, 2),
      new City("Porto", 41.1579, -8.6291, 6, 1), new City("Turin", 45.0703, 7.6869, 6, 1),
      new City("Geneva", 46.2044, 6.1432, 5, 1), new City("Reykjavik", 64.1466, -21.9426, 4, 0.3));

  private static final List<String> INTERESTS = List.of("art", "books", "chess", "climbing",
      "cooking", "cycling", "dance", "dogs", "film", "football", "gaming", "hiking", "jazz",
      "languages", "music", "photography", "poetry", "running", "sailing", "skiing", "swimming",
      "tech", "theatre", "travel", "wine", "yoga", "cats", "coffee", "gardening", "history");
  private static final int[] DISTANCES = {2, 5, 10, 10, 25, 25, 50, 50, 100, 300};

  final long seed;
  final int users;
  final Instant asOf;
  final int likesPerUser;
  private final List<City> cities;
  private final int[] cityStart;

  SyntheticWorld(long seed, int users, Instant asOf, int likesPerUser, List<City> cities) {
    this.seed = seed;
    this.users = users;
    this.asOf = asOf;
    this.likesPerUser = likesPerUser;
    this.cities = cities;
    this.cityStart = new int[cities.size() + 1];
    double total = cities.stream().mapToDouble(City::weight).sum();
    double cumulative = 0;
    for (int c = 0; c < cities.size(); c++) {
      cityStart[c] = (int) Math.round(cumulative / total * users);
      cumulative += cities.get(c).weight();
    }
    cityStart[cities.size()] = users;
  }

  static String uid(int index) {
    return "u" + index;
  }

  User user(int i) {
    Random r = random(i, 1);
    int c = cityOf(i);
    City city = cities.get(c);
    double northKm;
    double eastKm;
    if (r.nextDouble() < 0.85) {
      northKm = r.nextGaussian() * city.radiusKm() / 2;
      eastKm = r.nextGaussian() * city.radiusKm() / 2;
    } else {
      northKm = (r.nextDouble() * 2 - 1) * 80;
      eastKm = (r.nextDouble() * 2 - 1) * 80;
    }
    double lat = city.lat() + Math.toDegrees(northKm / Geo.EARTH_RADIUS_KM);
    double lng = city.lng()
        + Math.toDegrees(eastKm / (Geo.EARTH_RADIUS_KM * Math.cos(Math.toRadians(city.lat()))));

    double g = r.nextDouble();
    Gender gender = g < 0.46 ? Gender.female : g < 0.92 ? Gender.male : Gender.nonbinary;
    Set<Gender> wants = interestedIn(gender, r);
    int age = 18 + r.nextInt(45);
    LocalDate birthDate = LocalDate.ofInstant(asOf, ZoneOffset.UTC).minusYears(age)
        .minusDays(r.nextInt(365));
    int ageMin = Math.max(18, age - 2 - r.nextInt(10));
    int ageMax = age + 2 + r.nextInt(12);
    int maxKm = r.nextDouble() < 0.01 ? 20000 : DISTANCES[r.nextInt(DISTANCES.length)];

    List<String> interests = new ArrayList<>();
    int interestCount = r.nextInt(7);
    for (int k = 0; k < interestCount; k++) {
      interests.add(INTERESTS.get(r.nextInt(INTERESTS.size())));
    }
    Instant createdAt = asOf.minus(Duration.ofMinutes(r.nextInt(700 * 24 * 60)));
    double a = r.nextDouble();
    Duration idle = a < 0.8 ? Duration.ofMinutes(r.nextInt(7 * 24 * 60))
        : a < 0.95 ? Duration.ofMinutes((7 + r.nextInt(23)) * 24 * 60L + r.nextInt(24 * 60))
        : Duration.ofDays(31 + r.nextInt(60));
    Instant lastActiveAt = asOf.minus(idle);
    if (lastActiveAt.isBefore(createdAt)) {
      lastActiveAt = createdAt;
    }
    double s = r.nextDouble();
    UserStatus status = s < 0.96 ? UserStatus.active : s < 0.99 ? UserStatus.suspended : UserStatus.deleted;
    return new User(uid(i), "User " + i, birthDate, gender, wants, ageMin, ageMax, maxKm, lat, lng,
        city.name(), interests, r.nextInt(10), r.nextDouble() < 0.7 ? "Hello, I am " + i : "",
        r.nextDouble() < 0.3, createdAt, lastActiveAt, status);
  }

  /** The user's likes, superlikes and passes of neighbours; a few dated after asOf. */
  List<Like> likesOf(int i) {
    Random r = random(i, 2);
    int count = likesPerUser == 0 ? 0 : r.nextInt(2 * likesPerUser + 1);
    List<Like> likes = new ArrayList<>(count);
    for (int k = 0; k < count; k++) {
      int target = neighbourOf(i, r);
      if (target < 0) {
        break;
      }
      double kind = r.nextDouble();
      LikeKind likeKind = kind < 0.55 ? LikeKind.pass : kind < 0.95 ? LikeKind.like : LikeKind.superlike;
      likes.add(new Like("l" + i + "-" + k, uid(i), uid(target), likeKind, interactionTime(r)));
    }
    return likes;
  }

  List<Block> blocksOf(int i) {
    Random r = random(i, 3);
    int target = r.nextDouble() < 0.03 ? neighbourOf(i, r) : -1;
    return target < 0 ? List.of() : List.of(new Block("b" + i, uid(i), uid(target), interactionTime(r)));
  }

  List<Match> matchesOf(int i) {
    Random r = random(i, 4);
    int target = r.nextDouble() < 0.06 ? neighbourOf(i, r) : -1;
    return target < 0 ? List.of()
        : List.of(new Match("m" + i, List.of(uid(i), uid(target)), interactionTime(r), "c" + i));
  }

  List<User> allUsers() {
    List<User> all = new ArrayList<>(users);
    for (int i = 0; i < users; i++) {
      all.add(user(i));
    }
    return all;
  }

  List<Like> allLikes() {
    List<Like> all = new ArrayList<>();
    for (int i = 0; i < users; i++) {
      all.addAll(likesOf(i));
    }
    return all;
  }

  List<Block> allBlocks() {
    List<Block> all = new ArrayList<>();
    for (int i = 0; i < users; i++) {
      all.addAll(blocksOf(i));
    }
    return all;
  }

  List<Match> allMatches() {
    List<Match> all = new ArrayList<>();
    for (int i = 0; i < users; i++) {
      all.addAll(matchesOf(i));
    }
    return all;
  }

  private Instant interactionTime(Random r) {
    return r.nextDouble() < 0.03
        ? asOf.plus(Duration.ofMinutes(1 + r.nextInt(48 * 60)))
        : asOf.minus(Duration.ofMinutes(r.nextInt(60 * 24 * 60)));
  }

  private static Set<Gender> interestedIn(Gender gender, Random r) {
    double p = r.nextDouble();
    if (p < 0.01) {
      return EnumSet.noneOf(Gender.class);
    }
    return switch (gender) {
      case female -> p < 0.8 ? EnumSet.of(Gender.male)
          : p < 0.9 ? EnumSet.of(Gender.female) : EnumSet.allOf(Gender.class);
      case male -> p < 0.8 ? EnumSet.of(Gender.female)
          : p < 0.9 ? EnumSet.of(Gender.male) : EnumSet.of(Gender.female, Gender.nonbinary);
      case nonbinary -> p < 0.4 ? EnumSet.allOf(Gender.class)
          : p < 0.7 ? EnumSet.of(Gender.nonbinary) : EnumSet.of(Gender.female, Gender.nonbinary);
    };
  }

  /** Another user of the same city, or -1 when the city has only this one. */
  private int neighbourOf(int i, Random r) {
    int c = cityOf(i);
    int size = cityStart[c + 1] - cityStart[c];
    if (size < 2) {
      return -1;
    }
    int other = cityStart[c] + r.nextInt(size - 1);
    return other >= i ? other + 1 : other;
  }

  private int cityOf(int i) {
    int c = 0;
    while (i >= cityStart[c + 1]) {
      c++;
    }
    return c;
  }

  private Random random(int i, int stream) {
    return new Random(FeedScore.mix(seed * 0x9E3779B97F4A7C15L + i * 31L + stream));
  }
}
