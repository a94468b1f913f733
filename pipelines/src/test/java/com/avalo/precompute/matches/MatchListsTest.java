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

  /**
   * One list is one document: an entry too big alone is left out, and the oldest entries once
   * the newer fill the budget, so that the list is written rather than refused whole.
   */
  @Test
  public void aListIsCutToItsDocumentsBudgetNewestFirst() {
    int budget = MatchListsJob.entriesBudget();
    ParticipantCard huge = new ParticipantCard("u9", "x".repeat(budget), 30, "Oslo", 1, false);
    ParticipantCard wide = new ParticipantCard("u8", "y".repeat(budget / 3), 30, "Oslo", 1, false);
    List<MatchList.Entry> entries = List.of(
        new MatchList.Entry("m9", null, Instant.parse("2026-11-09T00:00:00Z"), huge),
        new MatchList.Entry("m8", null, Instant.parse("2026-11-08T00:00:00Z"), wide),
        new MatchList.Entry("m7", null, Instant.parse("2026-11-07T00:00:00Z"), wide),
        new MatchList.Entry("m6", null, Instant.parse("2026-11-06T00:00:00Z"), wide),
        entry("m1", "2026-11-01T00:00:00Z"));
    MatchListsJob.Listed listed = MatchListsJob.newestFirst("u1", entries, 1000, budget);
    assertEquals(List.of("m8", "m7"),
        listed.list().matches().stream().map(MatchList.Entry::matchId).toList());
    assertEquals(5, listed.list().total());
    assertEquals(List.of("m9"), listed.tooBig().stream().map(MatchList.Entry::matchId).toList());
    assertEquals("m6 does not fit after m8 and m7, nor m1 after it", 2, listed.cutForSize());
    assertEquals("within the budget, the list is as without one",
        MatchListsJob.newestFirst("u1", List.of(entry("m1", "2026-11-01T00:00:00Z")), 10),
        MatchListsJob.newestFirst("u1", List.of(entry("m1", "2026-11-01T00:00:00Z")), 10, budget)
            .list());
  }

  /** Match and chat ids have no length limit: long ones still leave a list that fits. */
  @Test
  public void longMatchAndChatIdsCountAgainstTheBudget() {
    int budget = MatchListsJob.entriesBudget();
    List<MatchList.Entry> entries = new java.util.ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      String id = String.format("%04d", i) + "m".repeat(446);
      entries.add(new MatchList.Entry(id, "c" + id,
          Instant.parse("2026-11-01T00:00:00Z").plusSeconds(i), new ParticipantCard("u" + i, "Ann",
          30, "Oslo", 1, false)));
    }
    MatchListsJob.Listed listed = MatchListsJob.newestFirst("u1", entries, 1000, budget);
    int bytes = com.avalo.precompute.schemas.Json.writeBytes(listed.list().matches()).length;
    org.junit.Assert.assertTrue(bytes + " bytes of entries, budget " + budget, bytes <= budget);
    assertEquals(1000, listed.list().total());
    assertEquals(1000, listed.list().matches().size() + listed.cutForSize());
    org.junit.Assert.assertTrue(listed.cutForSize() > 0);
  }

  @Test
  public void noMatchesIsAnEmptyList() {
    MatchList list = MatchListsJob.newestFirst("u1", List.of(), 10);
    assertEquals(0, list.total());
    assertEquals(List.of(), list.matches());
  }
}
