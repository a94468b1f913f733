package com.avalo.precompute.schemas;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;

/**
 * Payload of {@code chats:{uid}} (page 0) and {@code chats:{uid}:{page}}: the user's chats, newest
 * activity first, split into pages only when one document would pass Firestore's size limit.
 * Every page carries the list's {@code listVersion} ({@link ListVersion}): pages of one list have
 * equal versions, and a reader combining pages checks that they do (see {@link FeedPage}).
 */
public record ChatList(String uid, int page, int pageCount, int totalChats, List<Entry> chats,
    String listVersion) implements Serializable {

  /** One chat in the list; {@code lastMessage} is null for a chat without messages. */
  public record Entry(
      String chatId,
      ParticipantCard other,
      Instant lastActivityAt,
      LastMessage lastMessage,
      int unreadCount) implements Serializable {}

  /** The newest message, its text trimmed to a preview on a character boundary. */
  public record LastMessage(String senderId, String preview, Instant sentAt, boolean truncated)
      implements Serializable {}
}
