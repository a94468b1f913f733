package com.avalo.precompute.analytics;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import com.avalo.precompute.analytics.ChatStart.Earliest;
import com.avalo.precompute.analytics.ChatStart.EarliestBySender;
import java.time.Duration;
import java.time.Instant;
import org.junit.Test;

public class ChatStartTest {
  private static final Duration DAY = Duration.ofHours(24);
  private static final Instant AS_OF = Instant.parse("2026-11-21T06:00:00Z");

  private static Earliest at(String time, String id) {
    return new Earliest(Instant.parse("2026-11-" + time + "Z"), id);
  }

  @Test
  public void aReplyWithinTheWindowCountsEvenAtItsLastInstant() {
    EarliestBySender chat = new EarliestBySender()
        .add("ann", at("20T10:00:00", "m1")).add("bob", at("21T10:00:00", "m9"))
        .add("ann", at("20T12:00:00", "m2"));
    assertEquals(new ChatStart(Instant.parse("2026-11-20T10:00:00Z"), true, false),
        ChatStart.of(chat, DAY, Instant.parse("2026-11-22T00:00:00Z")));
  }

  @Test
  public void aLateReplyDoesNotCountAndAnOpenWindowIsAwaiting() {
    EarliestBySender late = new EarliestBySender()
        .add("cat", at("19T08:00:00", "m1")).add("ann", at("20T08:00:01", "m2"));
    assertEquals(new ChatStart(Instant.parse("2026-11-19T08:00:00Z"), false, false),
        ChatStart.of(late, DAY, AS_OF));
    EarliestBySender open = new EarliestBySender().add("bob", at("21T01:00:00", "m1"));
    assertEquals(new ChatStart(Instant.parse("2026-11-21T01:00:00Z"), false, true),
        ChatStart.of(open, DAY, AS_OF));
  }

  @Test
  public void theFirstMessageIsTheEarliestThenTheSmallestId() {
    EarliestBySender tie = new EarliestBySender()
        .add("bob", at("20T10:00:00", "m2")).add("ann", at("20T10:00:00", "m1"));
    ChatStart start = ChatStart.of(tie, DAY, AS_OF);
    assertEquals(true, start.replied()); // bob's message at the same instant answers ann's m1
    assertNull(ChatStart.of(new EarliestBySender(), DAY, AS_OF));
  }
}
