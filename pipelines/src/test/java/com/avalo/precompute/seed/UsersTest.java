package com.avalo.precompute.seed;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.both;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.Test;

/** Every user is a valid, plausible profile, and the population has the intended shape. */
public class UsersTest {
  private static final Set<String> GENDERS = Set.of("female", "male", "nonbinary");
  private static final Set<String> STATUSES = Set.of("active", "suspended", "deleted");
  private static final Set<String> INTERESTS = Set.of(Vocabulary.INTERESTS);

  @Test
  public void everyUserHasValidValues() {
    LocalDate anchorDate = LocalDate.ofInstant(TestWorld.CONFIG.anchor(), ZoneOffset.UTC);
    Map<String, City> cities = new HashMap<>();
    City.ALL.forEach(city -> cities.put(city.name(), city));
    SeedFiles.forEach(TestWorld.dir(), SeedCollection.USERS, user -> {
      String context = user.toString();
      assertTrue(context, user.path("displayName").asText().length() > 0);
      int age = Period.between(LocalDate.parse(user.path("birthDate").asText()), anchorDate)
          .getYears();
      assertThat(context, age, both(greaterThanOrEqualTo(18)).and(lessThanOrEqualTo(65)));
      LocalDate signupDay = LocalDate.ofInstant(
          java.time.Instant.ofEpochSecond(SeedFiles.epoch(user, "createdAt")), ZoneOffset.UTC);
      assertThat("18 or older on the signup day: " + context, Period.between(
          LocalDate.parse(user.path("birthDate").asText()), signupDay).getYears(),
          greaterThanOrEqualTo(18));
      assertTrue(context, GENDERS.contains(user.path("gender").asText()));
      Set<String> interestedIn = texts(user.path("interestedIn"));
      assertTrue(context, !interestedIn.isEmpty() && GENDERS.containsAll(interestedIn)
          && interestedIn.size() == user.path("interestedIn").size());
      int ageMin = user.path("ageMin").intValue();
      int ageMax = user.path("ageMax").intValue();
      assertTrue(context, 18 <= ageMin && ageMin <= ageMax && ageMax <= 99);
      assertThat(context, user.path("maxDistanceKm").intValue(),
          both(greaterThanOrEqualTo(5)).and(lessThanOrEqualTo(150)));
      City city = cities.get(user.path("city").asText());
      assertTrue("unknown city in " + context, city != null);
      JsonNode location = user.path("location");
      assertTrue(context, location.size() == 2 && location.path("lat").isNumber()
          && location.path("lng").isNumber());
      assertThat("far from " + city.name() + ": " + context, distanceKm(city.lat(), city.lng(),
          location.path("lat").doubleValue(), location.path("lng").doubleValue()), lessThan(150.0));
      Set<String> interests = texts(user.path("interests"));
      assertTrue(context, INTERESTS.containsAll(interests) && interests.size() >= 3
          && interests.size() == user.path("interests").size());
      assertThat(context, user.path("photoCount").intValue(),
          both(greaterThanOrEqualTo(0)).and(lessThanOrEqualTo(9)));
      assertTrue(context, user.path("bio").isTextual() && user.path("verified").isBoolean());
      assertThat(context, SeedFiles.epoch(user, "createdAt"),
          lessThanOrEqualTo(SeedFiles.epoch(user, "lastActiveAt")));
      assertTrue(context, STATUSES.contains(user.path("status").asText()));
    });
  }

  @Test
  public void populationHasRealisticShares() {
    long anchor = TestWorld.anchor();
    Map<String, Integer> byCity = new HashMap<>();
    Map<String, Integer> byGender = new HashMap<>();
    Set<String> statuses = new HashSet<>();
    AtomicInteger users = new AtomicInteger();
    AtomicInteger verified = new AtomicInteger();
    AtomicInteger emptyBio = new AtomicInteger();
    AtomicInteger recentlyActive = new AtomicInteger();
    AtomicInteger recentSignups = new AtomicInteger();
    SeedFiles.forEach(TestWorld.dir(), SeedCollection.USERS, user -> {
      users.incrementAndGet();
      byCity.merge(user.path("city").asText(), 1, Integer::sum);
      byGender.merge(user.path("gender").asText(), 1, Integer::sum);
      statuses.add(user.path("status").asText());
      verified.addAndGet(user.path("verified").booleanValue() ? 1 : 0);
      emptyBio.addAndGet(user.path("bio").asText().isEmpty() ? 1 : 0);
      recentlyActive.addAndGet(
          anchor - SeedFiles.epoch(user, "lastActiveAt") <= 30 * 86_400 ? 1 : 0);
      recentSignups.addAndGet(anchor - SeedFiles.epoch(user, "createdAt") <= 183 * 86_400 ? 1 : 0);
    });
    double n = users.get();
    assertThat(byCity.size(), greaterThanOrEqualTo(15));
    assertThat("one dense city", byCity.get("New York") / n, greaterThan(0.15));
    assertThat(byGender.keySet(), allOf(hasItem("female"), hasItem("male"), hasItem("nonbinary")));
    assertThat(byGender.get("nonbinary") / n, lessThan(0.1));
    assertThat(statuses, allOf(hasItem("active"), hasItem("suspended"), hasItem("deleted")));
    assertThat(verified.get() / n, both(greaterThan(0.25)).and(lessThan(0.35)));
    assertThat(emptyBio.get(), greaterThan(0));
    assertThat("most users active in the last 30 days", recentlyActive.get() / n,
        both(greaterThan(0.5)).and(lessThan(0.9)));
    assertThat("signups skew recent", recentSignups.get() / n, greaterThan(0.4));
  }

  private static Set<String> texts(JsonNode array) {
    Set<String> values = new HashSet<>();
    array.forEach(value -> values.add(value.asText()));
    return values;
  }

  static double distanceKm(double lat1, double lng1, double lat2, double lng2) {
    double dLat = Math.toRadians(lat2 - lat1);
    double dLng = Math.toRadians(lng2 - lng1);
    double h = Math.pow(Math.sin(dLat / 2), 2) + Math.cos(Math.toRadians(lat1))
        * Math.cos(Math.toRadians(lat2)) * Math.pow(Math.sin(dLng / 2), 2);
    return 2 * 6371 * Math.asin(Math.sqrt(h));
  }

  static List<String> pair(JsonNode array) {
    return List.of(array.get(0).asText(), array.get(1).asText());
  }
}
