package com.avalo.precompute.counts;

import static com.avalo.precompute.counts.Fixtures.AS_OF;
import static com.avalo.precompute.counts.Fixtures.RUN;
import static com.avalo.precompute.counts.Fixtures.activeUser;
import static com.avalo.precompute.counts.Fixtures.like;
import static com.avalo.precompute.counts.Fixtures.message;
import static com.avalo.precompute.counts.Fixtures.user;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import com.avalo.precompute.counts.CountQuery.Window;
import com.avalo.precompute.schemas.CacheKey;
import com.avalo.precompute.schemas.CountResult;
import com.avalo.precompute.source.SourceRecords.Event;
import com.avalo.precompute.source.SourceRecords.Gender;
import com.avalo.precompute.source.SourceRecords.LikeKind;
import com.avalo.precompute.source.SourceRecords.UserStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.Test;

public class CountQueryTest {
  private static final CountQuery ACTIVE_BY_CITY = new CountQuery("active_by_city", "users",
      Map.of(), true, null, List.of("city", "gender"));
  private static final CountQuery LIKES_TODAY = new CountQuery("likes_today", "likes",
      Map.of(), false, new Window("createdAt", "day"), List.of("kind"));
  private static final CountQuery VERIFIED_FEMALE = new CountQuery("verified_female", "users",
      Map.of("gender", "female", "verified", "false"), false, null, List.of());

  @Test
  public void activeOnlyNeedsStatusActiveAndRecentActivity() {
    assertTrue(ACTIVE_BY_CITY.matches(activeUser("a", "Berlin", Gender.female), RUN));
    Instant old = Instant.parse("2026-01-01T00:00:00Z");
    assertFalse(ACTIVE_BY_CITY.matches(
        user("s", "Berlin", Gender.female, UserStatus.suspended, old, AS_OF), RUN));
    assertFalse("last active 31 days before asOf", ACTIVE_BY_CITY.matches(
        user("i", "Berlin", Gender.female, UserStatus.active, old, AS_OF.minusSeconds(31 * 86400)),
        RUN));
  }

  @Test
  public void whereComparesFieldTextOfEnumsAndBooleans() {
    assertTrue(VERIFIED_FEMALE.matches(activeUser("a", "Berlin", Gender.female), RUN));
    assertFalse(VERIFIED_FEMALE.matches(activeUser("b", "Berlin", Gender.male), RUN));
  }

  @Test
  public void windowIsAsOfsUtcDayUpToAsOf() {
    assertTrue("00:00:00Z belongs to the day",
        LIKES_TODAY.matches(like("l1", LikeKind.like, "2026-11-24T00:00:00Z"), RUN));
    assertTrue("asOf itself is counted",
        LIKES_TODAY.matches(like("l2", LikeKind.like, "2026-11-24T12:00:00Z"), RUN));
    assertFalse("the day before",
        LIKES_TODAY.matches(like("l3", LikeKind.like, "2026-11-23T23:59:59.999Z"), RUN));
    assertFalse("after asOf, same day",
        LIKES_TODAY.matches(like("l4", LikeKind.like, "2026-11-24T12:00:00.001Z"), RUN));
  }

  @Test
  public void recordsCreatedAfterAsOfAreNotCountedEvenWithoutWindow() {
    CountQuery allUsers = new CountQuery("all", "users", Map.of(), false, null, List.of());
    assertFalse(allUsers.matches(user("late", "Berlin", Gender.male, UserStatus.active,
        AS_OF.plusSeconds(1), AS_OF.plusSeconds(1)), RUN));
    CountQuery allMessages = new CountQuery("all", "messages", Map.of(), false, null, List.of());
    assertTrue(allMessages.matches(message("m1", "2020-01-01T00:00:00Z"), RUN));
    assertFalse(allMessages.matches(message("m2", "2026-11-25T00:00:00Z"), RUN));
  }

  @Test
  public void groupKeyHoldsGroupByValuesAndIsNullWhenOneIsUnset() {
    assertEquals(new TreeMap<>(Map.of("city", "Berlin", "gender", "female")),
        ACTIVE_BY_CITY.groupKey(activeUser("a", "Berlin", Gender.female)));
    assertEquals(Map.of(), VERIFIED_FEMALE.groupKey(activeUser("a", "Berlin", Gender.female)));
    CountQuery byEndpoint =
        new CountQuery("calls", "events", Map.of(), false, null, List.of("endpoint"));
    assertNull(byEndpoint.groupKey(
        new Event("e1", "session_start", "u1", AS_OF, null, null, null, null)));
  }

  @Test
  public void keyJoinsWhereActiveGroupAndWindowDaySortedAndEncoded() {
    assertEquals("count:users:active=true,city=S%C3%A3o+Paulo,gender=female", ACTIVE_BY_CITY
        .key(Map.of("city", "São Paulo", "gender", "female"), AS_OF).value());
    assertEquals("count:likes:createdAt=2026-11-24,kind=superlike",
        LIKES_TODAY.key(Map.of("kind", "superlike"), AS_OF).value());
    assertEquals("count:users:gender=female,verified=false",
        VERIFIED_FEMALE.key(Map.of(), AS_OF).value());
    assertEquals("count:users:all",
        new CountQuery("all", "users", Map.of(), false, null, List.of()).key(Map.of(), AS_OF)
            .value());
  }

  @Test
  public void resultCarriesDecodedFiltersAndWindowBounds() {
    CacheKey key = LIKES_TODAY.key(Map.of("kind", "like"), AS_OF);
    assertEquals(new CountResult("likes_today", "likes",
            new TreeMap<>(Map.of("createdAt", "2026-11-24", "kind", "like")), 7,
            Fixtures.DAY_START, Fixtures.DAY_END),
        LIKES_TODAY.result(key, 7, AS_OF));
  }
}
