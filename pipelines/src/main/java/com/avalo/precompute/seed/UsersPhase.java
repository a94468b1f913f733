package com.avalo.precompute.seed;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

/**
 * Draws every user's profile, writes {@code users.ndjson}, and fills the {@link Population}
 * arrays the later phases read. Each user draws from its own stream, keyed by its index.
 */
final class UsersPhase {
  private static final double KM_PER_DEGREE = 111.32;
  /** Photo counts 0..9: most profiles have a handful, a few none. */
  private static final double[] PHOTO_COUNT_WEIGHTS = {6, 8, 12, 16, 16, 14, 12, 7, 5, 4};

  private final SeedConfig config;
  private final Population users;
  private final ActivityModel activity;
  private final double[] cityWeights;
  private final long anchor;
  private final LocalDate anchorDate;

  UsersPhase(SeedConfig config, Population users, ActivityModel activity) {
    this.config = config;
    this.users = users;
    this.activity = activity;
    this.cityWeights = City.ALL.stream().mapToDouble(City::weight).toArray();
    this.anchor = config.anchor().getEpochSecond();
    this.anchorDate = LocalDate.ofEpochDay(ActivityModel.dayOf(anchor));
  }

  void run(NdjsonWriter out, SeedProgress progress) throws IOException {
    ProgressTicker ticker = new ProgressTicker(progress, "users", users.size);
    for (int u = 0; u < users.size; u++) {
      writeUser(u, SeedRandom.stream(config.seed(), Streams.USER_PROFILE, u), out);
      ticker.advanceTo(u + 1);
    }
    users.rankPopularity(config.seed(), config.popularitySkew());
    ticker.finish();
  }

  private void writeUser(int u, SeedRandom rng, NdjsonWriter out) throws IOException {
    int cityIndex = rng.weighted(cityWeights);
    City city = City.ALL.get(cityIndex);
    int gender = drawGender(rng);
    int age = drawAge(rng);
    users.city[u] = (short) cityIndex;
    users.gender[u] = (byte) gender;
    users.age[u] = (byte) age;
    users.interestMask[u] = (byte) drawInterestMask(gender, rng);
    drawAgeRange(u, gender, age, rng);
    drawLifecycle(u, rng);
    users.lastActiveAt[u] = activity.lastActiveAt(u);

    JsonGenerator json = out.begin(users.userId(u));
    json.writeStringField("displayName", displayName(gender, rng));
    json.writeStringField("birthDate", birthDate(u, age, rng).toString());
    json.writeStringField("gender", Population.GENDER_NAMES[gender]);
    json.writeArrayFieldStart("interestedIn");
    for (int g = 0; g < 3; g++) {
      if (users.isInterestedIn(u, g)) {
        json.writeString(Population.GENDER_NAMES[g]);
      }
    }
    json.writeEndArray();
    json.writeNumberField("ageMin", users.ageMin[u]);
    json.writeNumberField("ageMax", users.ageMax[u]);
    json.writeNumberField("maxDistanceKm", drawMaxDistanceKm(rng));
    writeLocation(city, rng, json);
    json.writeStringField("city", city.name());
    writeInterests(rng, json);
    json.writeNumberField("photoCount", rng.weighted(PHOTO_COUNT_WEIGHTS));
    json.writeStringField("bio", drawBio(rng));
    json.writeBooleanField("verified", rng.chance(0.30));
    out.timestamp("createdAt", users.createdAt[u]);
    out.timestamp("lastActiveAt", users.lastActiveAt[u]);
    double status = rng.nextDouble();
    json.writeStringField("status", status < 0.94 ? "active" : status < 0.975 ? "suspended" : "deleted");
    out.end();
  }

  /**
   * A birth date that makes the user {@code age} on the anchor date, unless that made them under 18
   * when they signed up: then 18 on their signup day, and the age they are on the anchor date is
   * kept for the later phases. Drawn from the anchor alone, 2% of users signed up at 16 or 17, and a
   * run as of a date before their 18th birthday published cards with age 17.
   */
  private LocalDate birthDate(int u, int age, SeedRandom rng) {
    LocalDate drawn = anchorDate.minusYears(age).minusDays(rng.nextInt(365));
    LocalDate signupDay = LocalDate.ofEpochDay(ActivityModel.dayOf(users.createdAt[u]));
    LocalDate latest = signupDay.minusYears(18);
    if (!drawn.isAfter(latest)) {
      return drawn;
    }
    users.age[u] = (byte) ChronoUnit.YEARS.between(latest, anchorDate);
    return latest;
  }

  private static int drawGender(SeedRandom rng) {
    double r = rng.nextDouble();
    return r < 0.47 ? Population.FEMALE : r < 0.97 ? Population.MALE : Population.NONBINARY;
  }

  /** Most users are in their twenties and early thirties; a long flat tail up to 65. */
  private static int drawAge(SeedRandom rng) {
    double age = rng.chance(0.7) ? 28 + 5.5 * rng.nextGaussian() : 18 + 48 * rng.nextDouble();
    return (int) Math.max(18, Math.min(65, Math.round(age)));
  }

  private static int drawInterestMask(int gender, SeedRandom rng) {
    int female = 1 << Population.FEMALE;
    int male = 1 << Population.MALE;
    int nonbinary = 1 << Population.NONBINARY;
    double r = rng.nextDouble();
    return switch (gender) {
      case Population.FEMALE -> r < 0.82 ? male : r < 0.90 ? female : r < 0.97 ? female | male
          : female | male | nonbinary;
      case Population.MALE -> r < 0.86 ? female : r < 0.93 ? male : r < 0.97 ? female | male
          : female | male | nonbinary;
      default -> r < 0.40 ? female | male | nonbinary : r < 0.60 ? female : r < 0.75 ? male
          : r < 0.85 ? nonbinary : female | nonbinary;
    };
  }

  /** Ranges sit around the user's own age, skewed the way dating apps report them. */
  private void drawAgeRange(int u, int gender, int age, SeedRandom rng) {
    int below = gender == Population.MALE ? 7 : gender == Population.FEMALE ? 2 : 5;
    int above = gender == Population.MALE ? 3 : gender == Population.FEMALE ? 8 : 5;
    long min = Math.round(age - below + 2 * rng.nextGaussian());
    long max = Math.round(age + above + 2 * rng.nextGaussian());
    if (rng.chance(0.05)) { // "show me everyone"
      min = 18;
      max = 99;
    }
    min = Math.max(18, Math.min(99, min));
    max = Math.max(min, Math.min(99, max));
    users.ageMin[u] = (byte) min;
    users.ageMax[u] = (byte) max;
  }

  /**
   * Signup time (more recent signups are more common), engagement and how long the user stays.
   * A fifth bounce after the signup day, so retention cohorts have users who never return.
   */
  private void drawLifecycle(int u, SeedRandom rng) {
    double recency = rng.nextDouble();
    long spanSeconds = config.signupSpanDays() * Timestamps.SECONDS_PER_DAY;
    long secondsAgo = Math.max(60, (long) (spanSeconds * recency * recency));
    long created = anchor - secondsAgo;
    long signupDay = ActivityModel.dayOf(created);
    double kind = rng.nextDouble();
    double lifeDays;
    if (kind < 0.2) {
      lifeDays = 0;
    } else if (kind < 0.35) {
      lifeDays = rng.exponential(12);
    } else if (kind < 0.55) {
      lifeDays = rng.exponential(200);
    } else {
      lifeDays = Integer.MAX_VALUE;
    }
    double engagement = 0.06 + 0.7 * StrictMath.pow(rng.nextDouble(), 1.6);
    users.createdAt[u] = created;
    users.engagement[u] = (float) engagement;
    users.activeUntilDay[u] = (int) Math.min(activity.lastDay(), signupDay + (long) lifeDays);
  }

  private static int drawMaxDistanceKm(SeedRandom rng) {
    if (rng.chance(0.10)) {
      return 150;
    }
    return (int) Math.max(5, Math.min(150, Math.round(rng.logNormal(30, 0.7))));
  }

  private static void writeLocation(City city, SeedRandom rng, JsonGenerator json)
      throws IOException {
    double scatter = city.scatterKm() * (rng.chance(0.05) ? 3 : 1); // some live in the suburbs
    double lat = city.lat() + scatter * rng.nextGaussian() / KM_PER_DEGREE;
    double lng = city.lng() + scatter * rng.nextGaussian()
        / (KM_PER_DEGREE * StrictMath.cos(StrictMath.toRadians(city.lat())));
    json.writeObjectFieldStart("location");
    json.writeFieldName("lat");
    json.writeNumber(fixed6(lat));
    json.writeFieldName("lng");
    json.writeNumber(fixed6(lng));
    json.writeEndObject();
  }

  /** Six decimals (~10 cm) as text, so the bytes do not depend on a JDK's double printing. */
  static String fixed6(double value) {
    long micros = Math.round(value * 1_000_000);
    String sign = micros < 0 ? "-" : "";
    long abs = Math.abs(micros);
    String fraction = Long.toString(1_000_000 + abs % 1_000_000).substring(1);
    return sign + abs / 1_000_000 + "." + fraction;
  }

  private static void writeInterests(SeedRandom rng, JsonGenerator json) throws IOException {
    String[] pool = Vocabulary.INTERESTS.clone();
    int count = 3 + rng.nextInt(6);
    json.writeArrayFieldStart("interests");
    for (int i = 0; i < count; i++) { // partial Fisher-Yates: distinct picks
      int pick = i + rng.nextInt(pool.length - i);
      String chosen = pool[pick];
      pool[pick] = pool[i];
      pool[i] = chosen;
      json.writeString(chosen);
    }
    json.writeEndArray();
  }

  private static String displayName(int gender, SeedRandom rng) {
    if (gender == Population.NONBINARY || rng.chance(0.08)) {
      return rng.pick(Vocabulary.NEUTRAL_NAMES);
    }
    return rng.pick(gender == Population.FEMALE ? Vocabulary.FEMALE_NAMES : Vocabulary.MALE_NAMES);
  }

  private static String drawBio(SeedRandom rng) {
    if (rng.chance(0.2)) {
      return "";
    }
    String opener = rng.pick(Vocabulary.BIO_OPENERS);
    return rng.chance(0.6) ? (opener + " " + rng.pick(Vocabulary.BIO_CLOSERS)).strip() : opener;
  }
}
