package com.avalo.precompute.chats;

import static com.avalo.precompute.chats.ChatFixtures.AS_OF;
import static com.avalo.precompute.chats.ChatFixtures.at;
import static com.avalo.precompute.chats.ChatFixtures.chat;
import static com.avalo.precompute.chats.ChatFixtures.message;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import com.avalo.precompute.schemas.ChatList.LastMessage;
import com.avalo.precompute.source.SourceRecords.Chat;
import com.avalo.precompute.source.SourceRecords.Message;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class ChatSummaryTest {

  @Test
  public void unreadMeansSentByTheOtherAfterTheReadersLastRead() {
    Message fromBob = message("m1", "c1", "bob", "hi", "20T10:00:00");
    assertTrue(ChatSummary.isUnreadBy(fromBob, "ann", at("20T09:59:59")));
    assertFalse("sent at lastReadAt: read", ChatSummary.isUnreadBy(fromBob, "ann", at("20T10:00:00")));
    assertFalse(ChatSummary.isUnreadBy(fromBob, "ann", at("20T11:00:00")));
    assertTrue("no lastReadAt: unread", ChatSummary.isUnreadBy(fromBob, "ann", null));
    assertFalse("own message", ChatSummary.isUnreadBy(fromBob, "bob", null));
  }

  @Test
  public void countsUnreadPerParticipantAndFindsTheLastMessage() {
    Chat chat = chat("c1", "ann", "bob", "19T08:00:00", Map.of("ann", at("20T09:00:00")));
    List<Message> messages = List.of(
        message("m1", "c1", "ann", "hello bob", "19T09:00:00"),
        message("m2", "c1", "bob", "hi ann", "20T08:00:00"),      // read by ann
        message("m3", "c1", "bob", "how are you?", "20T10:00:00"), // unread by ann
        message("m4", "c1", "ann", "fine, and you?", "20T11:00:00"),
        message("m5", "c1", "bob", "after the snapshot", "20T12:00:01"));
    ChatSummary summary = ChatSummary.summarize(chat, messages, AS_OF, 80);
    assertEquals(Map.of("ann", 1, "bob", 2), summary.unread()); // bob never read: m1, m4
    assertEquals(new LastMessage("ann", "fine, and you?", at("20T11:00:00"), false),
        summary.lastMessage());
    assertEquals(at("20T11:00:00"), summary.lastActivityAt());
  }

  @Test
  public void aMessageExportedTwiceWithAnotherTextGivesTheSamePreviewInAnyOrder() {
    // Messages are not grouped by id without --dedupeAllCollections: two exports concatenated can
    // hold one message twice, edited in between. Which copy a runner gives first must not matter.
    Chat chat = chat("c1", "ann", "bob", "19T08:00:00", Map.of());
    Message before = message("m1", "c1", "bob", "see you at 8", "20T10:00:00");
    Message edited = message("m1", "c1", "bob", "see you at 9", "20T10:00:00");
    assertEquals(ChatSummary.summarize(chat, List.of(before, edited), AS_OF, 80).lastMessage(),
        ChatSummary.summarize(chat, List.of(edited, before), AS_OF, 80).lastMessage());
  }

  @Test
  public void breaksTiesBetweenLastMessagesByMessageId() {
    Chat chat = chat("c1", "ann", "bob", "19T08:00:00", Map.of());
    List<Message> messages = List.of(
        message("m9", "c1", "bob", "second by id", "20T10:00:00"),
        message("m1", "c1", "ann", "first by id", "20T10:00:00"));
    assertEquals("second by id",
        ChatSummary.summarize(chat, messages, AS_OF, 80).lastMessage().preview());
    assertEquals("second by id", ChatSummary.summarize(chat, List.of(messages.get(1),
        messages.get(0)), AS_OF, 80).lastMessage().preview());
  }

  @Test
  public void aChatWithoutMessagesIsActiveWhenCreatedOrLastActiveBeforeTheSnapshot() {
    Chat created = chat("c1", "ann", "bob", "19T08:00:00", Map.of());
    ChatSummary summary = ChatSummary.summarize(created, List.of(), AS_OF, 80);
    assertNull(summary.lastMessage());
    assertEquals(Map.of("ann", 0, "bob", 0), summary.unread());
    assertEquals(at("19T08:00:00"), summary.lastActivityAt());

    Instant stored = at("20T11:30:00");
    Chat touched = new Chat("c2", List.of("ann", "bob"), at("19T08:00:00"), stored, Map.of());
    assertEquals(stored, ChatSummary.summarize(touched, List.of(), AS_OF, 80)
        .lastActivityAt());
    Chat touchedLater = new Chat("c3", List.of("ann", "bob"), at("19T08:00:00"),
        at("21T00:00:00"), Map.of());
    assertEquals("a lastActivityAt after asOf is ignored", at("19T08:00:00"),
        ChatSummary.summarize(touchedLater, List.of(), AS_OF, 80).lastActivityAt());
  }

  @Test
  public void trimsTheLastMessagePreview() {
    Chat chat = chat("c1", "ann", "bob", "19T08:00:00", Map.of());
    LastMessage last = ChatSummary.summarize(chat,
        List.of(message("m1", "c1", "bob", "a long message", "20T09:00:00")), AS_OF, 6)
        .lastMessage();
    assertEquals(new LastMessage("bob", "a long", at("20T09:00:00"), true), last);
  }
}
