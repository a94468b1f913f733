package com.avalo.precompute.schemas;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;
import org.junit.Test;

public class ListVersionTest {
  private static FeedPage.Candidate card(String uid, double score) {
    return new FeedPage.Candidate(uid, "Ана " + uid, 30, "Kraków", 3, 2, List.of("chess"), score);
  }

  private static List<Object> feed(int pageCount, Object... cards) {
    List<Object> values = new java.util.ArrayList<>(List.of(pageCount, 20, cards.length));
    values.addAll(List.of(cards));
    return values;
  }

  @Test
  public void equalListsHaveEqualVersionsAcrossCalls() {
    assertEquals(ListVersion.of(feed(1, card("a", 0.9), card("b", 0.5))),
        ListVersion.of(feed(1, card("a", 0.9), card("b", 0.5))));
  }

  @Test
  public void anyChangeOfAnEntryTheOrderOrThePageCountChangesTheVersion() {
    String version = ListVersion.of(feed(1, card("a", 0.9), card("b", 0.5)));
    assertNotEquals(version, ListVersion.of(feed(1, card("b", 0.5), card("a", 0.9))));
    assertNotEquals(version, ListVersion.of(feed(1, card("a", 0.9), card("b", 0.51))));
    assertNotEquals(version, ListVersion.of(feed(2, card("a", 0.9), card("b", 0.5))));
    assertNotEquals(version, ListVersion.of(feed(1, card("a", 0.9))));
  }

  @Test
  public void versionIsPrefixedSixteenHexDigits() {
    String version = ListVersion.of(List.of());
    assertTrue(version, version.matches("v2-[0-9a-f]{16}"));
  }
}
