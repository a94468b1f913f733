package com.avalo.precompute.seed;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.Test;

/** Sessions and API calls support DAU/WAU/MAU, retention, latency and cache-hit analytics. */
public class EventsTest {
  private static final long DAY = 86_400;
  private static final Set<String> ENDPOINTS =
      Set.of("/v1/feed", "/v1/chats", "/v1/profile", "/v1/matches", "/v1/stats");
  private static final Set<String> LAYERS = Set.of("memory", "firestore", "origin", "none");

  @Test
  public void eventsAreValidAndCoverTheWindowIncludingExactBucketBoundaries() {
    long anchor = TestWorld.anchor();
    long windowStart = anchor - TestWorld.CONFIG.activityWindowDays() * DAY;
    Map<String, Long> createdAt = new HashMap<>();
    SeedFiles.forEach(TestWorld.dir(), SeedCollection.USERS,
        user -> createdAt.put(user.path("id").asText(), SeedFiles.epoch(user, "createdAt")));
    int[] onHour = {0};
    int[] onDay = {0};
    int[] failed = {0};
    Set<Long> activeDays = new TreeSet<>();
    Map<String, List<Long>> latencyByLayer = new HashMap<>();
    SeedFiles.forEach(TestWorld.dir(), SeedCollection.EVENTS, event -> {
      String user = event.path("userId").asText();
      long at = SeedFiles.epoch(event, "at");
      assertTrue(event.toString(), createdAt.containsKey(user) && at >= createdAt.get(user)
          && at >= windowStart && at < anchor);
      onHour[0] += at % 3_600 == 0 ? 1 : 0;
      onDay[0] += at % DAY == 0 ? 1 : 0;
      switch (event.path("type").asText()) {
        case "session_start" -> activeDays.add(at / DAY);
        case "api_call" -> {
          assertTrue(event.toString(), ENDPOINTS.contains(event.path("endpoint").asText())
              && LAYERS.contains(event.path("cacheLayer").asText())
              && event.path("latencyMs").canConvertToLong()
              && event.path("latencyMs").longValue() >= 1 && event.path("ok").isBoolean());
          failed[0] += event.path("ok").booleanValue() ? 0 : 1;
          latencyByLayer.computeIfAbsent(event.path("cacheLayer").asText(),
              layer -> new ArrayList<>()).add(event.path("latencyMs").longValue());
        }
        default -> throw new AssertionError("unknown event type " + event);
      }
    });
    assertThat("events at the first second of an hour", onHour[0], greaterThan(onDay[0]));
    assertThat("events at the first second of a day", onDay[0], greaterThan(0));
    assertEquals("sessions on every day of the window",
        TestWorld.CONFIG.activityWindowDays(), activeDays.size());
    assertEquals(LAYERS, latencyByLayer.keySet());
    assertThat(median(latencyByLayer.get("memory")), lessThan(median(latencyByLayer.get("firestore"))));
    assertThat(median(latencyByLayer.get("firestore")), lessThan(median(latencyByLayer.get("origin"))));
    long calls = latencyByLayer.values().stream().mapToLong(List::size).sum();
    assertThat(failed[0], greaterThan(0));
    assertThat("a few percent fail", (double) failed[0] / calls, lessThan(0.05));
  }

  @Test
  public void sessionsAgreeWithLastActiveAtAndSignupCohortsRetainPartially() {
    long anchor = TestWorld.anchor();
    long windowStart = anchor - TestWorld.CONFIG.activityWindowDays() * DAY;
    Map<String, List<Long>> sessions = new HashMap<>();
    SeedFiles.forEach(TestWorld.dir(), SeedCollection.EVENTS, event -> {
      if (event.path("type").asText().equals("session_start")) {
        sessions.computeIfAbsent(event.path("userId").asText(), u -> new ArrayList<>())
            .add(SeedFiles.epoch(event, "at"));
      }
    });
    Set<String> cohort = new HashSet<>();
    Set<String> returnedNextDay = new HashSet<>();
    Set<String> neverReturned = new HashSet<>();
    SeedFiles.forEach(TestWorld.dir(), SeedCollection.USERS, user -> {
      String id = user.path("id").asText();
      long lastActiveAt = SeedFiles.epoch(user, "lastActiveAt");
      long created = SeedFiles.epoch(user, "createdAt");
      List<Long> own = sessions.getOrDefault(id, List.of());
      if (lastActiveAt >= windowStart) {
        assertEquals("lastActiveAt is the last session of " + id, lastActiveAt,
            (long) Collections.max(own));
      }
      if (created >= windowStart && created < anchor - 31 * DAY) {
        assertTrue("signup opens a session " + id, own.contains(created));
        cohort.add(id);
        long signupDay = created / DAY;
        if (own.stream().anyMatch(at -> at / DAY == signupDay + 1)) {
          returnedNextDay.add(id);
        }
        if (own.stream().allMatch(at -> at / DAY == signupDay)) {
          neverReturned.add(id);
        }
      }
    });
    assertThat(cohort.size(), greaterThan(100));
    assertThat("D1 retention", returnedNextDay.size(), greaterThan(cohort.size() / 10));
    assertThat(returnedNextDay.size(), lessThan(cohort.size() / 2));
    assertThat("users who never come back", neverReturned.size(), greaterThan(cohort.size() / 10));
  }

  private static long median(List<Long> values) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }
}
