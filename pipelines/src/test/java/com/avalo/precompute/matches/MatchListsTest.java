package com.avalo.precompute.matches;

import static org.junit.Assert.assertEquals;

import com.avalo.precompute.schemas.MatchList;
import com.avalo.precompute.schemas.ParticipantCard;
import java.time.Instant;
import java.util.List;
import org.junit.Test;

/** The match list payload without a pipeline: order, ties, the cap and the exact total. */
public class MatchListsTest {
  private static final ParticipantCard CARD = new ParticipantCard("u2", "Bo", 30, "Oslo", 1, false);

  private static MatchList.Entry entry(String matchId, String createdAt) {
    return new MatchList.Entry(matchId, "c-" + matchId, Instant.parse(createdAt), CARD);
  }

  @Test
  public void newestFirstTiesByMatchIdCappedWithTheExactTotal() {
    List<MatchList.Entry> entries = List.of(
        entry("m1", "2026-11-01T00:00:00Z"), entry("m3", "2026-11-05T00:00:00Z"),
        entry("m2", "2026-11-05T00:00:00Z"), entry("m4", "2026-10-01T00:00:00Z"));
    MatchList list = MatchListsJob.newestFirst("u1", entries, 3);
    assertEquals(4, list.total());
    assertEquals(List.of("m2", "m3", "m1"),
        list.matches().stream().map(MatchList.Entry::matchId).toList());
  }

  @Test
  public void noMatchesIsAnEmptyList() {
    MatchList list = MatchListsJob.newestFirst("u1", List.of(), 10);
    assertEquals(0, list.total());
    assertEquals(List.of(), list.matches());
  }
}
