package com.avalo.precompute.userstats;

import static org.junit.Assert.assertEquals;

import com.avalo.precompute.source.SourceRecords.Chat;
import com.avalo.precompute.source.SourceRecords.Message;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class ContributionsTest {
  private static final Instant T = Instant.parse("2026-11-20T10:00:00Z");

  @Test
  public void aMessageIdGivenTwiceAtOneInstantContributesTheSameInAnyOrder() {
    // Messages are not grouped by id without --dedupeAllCollections: who wrote first must not
    // depend on which copy a runner gives first.
    Chat chat = new Chat("c1", List.of("ann", "bob"), T.minusSeconds(60), T, Map.of());
    Message byAnn = new Message("m1", "c1", "ann", "hi", T);
    Message byBob = new Message("m1", "c1", "bob", "hi", T);
    assertEquals(Contributions.of(chat, List.of(byAnn, byBob)),
        Contributions.of(chat, List.of(byBob, byAnn)));
  }
}
