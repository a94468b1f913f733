package com.avalo.precompute.feeds;

import com.avalo.precompute.io.RunContext;
import com.avalo.precompute.source.SourceRecords.Gender;
import com.avalo.precompute.source.SourceRecords.User;
import com.avalo.precompute.source.SourceRecords.UserStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** Hand-built users for tests: a 30-year-old active woman in Paris who wants men 25-35 within 50 km. */
final class TestUsers {
  static final Instant AS_OF = Instant.parse("2026-11-20T12:00:00Z");
  static final LocalDate TODAY = LocalDate.of(2026, 11, 20);
  static final RunContext RUN =
      new RunContext("run-1", AS_OF, AS_OF, null, Duration.ofDays(30));
  static final double PARIS_LAT = 48.8566;
  static final double PARIS_LNG = 2.3522;

  private String id;
  private String name;
  private LocalDate birthDate = TODAY.minusYears(30);
  private Gender gender = Gender.female;
  private Set<Gender> interestedIn = EnumSet.of(Gender.male);
  private int ageMin = 25;
  private int ageMax = 35;
  private int maxDistanceKm = 50;
  private double lat = PARIS_LAT;
  private double lng = PARIS_LNG;
  private String city = "Paris";
  private List<String> interests = List.of();
  private int photoCount = 3;
  private String bio = "";
  private boolean verified = false;
  private Instant createdAt = AS_OF.minus(Duration.ofDays(100));
  private Instant lastActiveAt = AS_OF.minus(Duration.ofHours(1));
  private UserStatus status = UserStatus.active;

  private TestUsers(String id) {
    this.id = id;
    this.name = "Name " + id;
  }

  static TestUsers user(String id) {
    return new TestUsers(id);
  }

  /** A 30-year-old man near Paris who wants women 25-35 within 50 km. */
  static TestUsers man(String id) {
    return user(id).gender(Gender.male).wants(Gender.female);
  }

  static TestUsers woman(String id) {
    return user(id);
  }

  TestUsers name(String value) {
    name = value;
    return this;
  }

  TestUsers gender(Gender value) {
    gender = value;
    return this;
  }

  TestUsers wants(Gender... values) {
    interestedIn = values.length == 0 ? EnumSet.noneOf(Gender.class) : EnumSet.of(values[0], values);
    return this;
  }

  TestUsers age(int years) {
    birthDate = TODAY.minusYears(years);
    return this;
  }

  TestUsers born(LocalDate value) {
    birthDate = value;
    return this;
  }

  TestUsers ages(int min, int max) {
    ageMin = min;
    ageMax = max;
    return this;
  }

  TestUsers maxKm(int km) {
    maxDistanceKm = km;
    return this;
  }

  TestUsers at(double latitude, double longitude) {
    lat = latitude;
    lng = longitude;
    return this;
  }

  /** Due north of Paris by {@code km} along the meridian. */
  TestUsers kmNorth(double km) {
    return at(PARIS_LAT + Math.toDegrees(km / Geo.EARTH_RADIUS_KM), PARIS_LNG);
  }

  TestUsers city(String value) {
    city = value;
    return this;
  }

  TestUsers interests(String... values) {
    interests = List.of(values);
    return this;
  }

  TestUsers photos(int count) {
    photoCount = count;
    return this;
  }

  TestUsers bio(String value) {
    bio = value;
    return this;
  }

  TestUsers verified() {
    verified = true;
    return this;
  }

  TestUsers created(Instant value) {
    createdAt = value;
    return this;
  }

  TestUsers lastActive(Instant value) {
    lastActiveAt = value;
    return this;
  }

  TestUsers status(UserStatus value) {
    status = value;
    return this;
  }

  User build() {
    return new User(id, name, birthDate, gender, interestedIn, ageMin, ageMax, maxDistanceKm, lat,
        lng, city, interests, photoCount, bio, verified, createdAt, lastActiveAt, status);
  }
}
