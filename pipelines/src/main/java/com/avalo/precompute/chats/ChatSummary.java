package com.avalo.precompute.chats;

import com.avalo.precompute.schemas.ChatList.LastMessage;
import com.avalo.precompute.source.SourceRecords.Chat;
import com.avalo.precompute.source.SourceRecords.Message;
import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One chat as of the run's snapshot, before it is listed for each participant.
 *
 * <p>Everything is computed as of {@code asOf}: messages sent after it are ignored, and the last
 * activity is the newest of the chat's creation, its last message and its stored
 * {@code lastActivityAt} when that is not after {@code asOf}. {@code lastReadAt} is current state
 * (the app keeps no history of it), so it is used as stored; a read after {@code asOf} only marks
 * messages read that were read by then anyway.
 *
 * @param chatId the chat
 * @param participants its two users
 * @param lastActivityAt newest activity as of the snapshot
 * @param lastMessage the newest message, preview trimmed; null when there is none
 * @param unread per participant, the messages they have not read
 */
public record ChatSummary(
    String chatId,
    List<String> participants,
    Instant lastActivityAt,
    LastMessage lastMessage,
    Map<String, Integer> unread) implements Serializable {

  /** The participant of the chat who is not {@code uid}. */
  public String otherThan(String uid) {
    return participants.get(0).equals(uid) ? participants.get(1) : participants.get(0);
  }

  /**
   * Whether {@code reader} has not read {@code message}: it was sent by the other participant after
   * the reader's {@code lastReadAt} (a message sent at that very instant was read); with no
   * {@code lastReadAt}, every message of the other participant is unread.
   */
  public static boolean isUnreadBy(Message message, String reader, Instant lastReadAt) {
    return !message.senderId().equals(reader)
        && (lastReadAt == null || message.sentAt().isAfter(lastReadAt));
  }

  /**
   * Summarizes {@code chat} from its messages as of {@code asOf}: messages of its participants, as
   * {@code SourceReader.messages()} gives them (a non-participant's were dead-lettered when read).
   */
  public static ChatSummary summarize(Chat chat, Iterable<Message> messages, Instant asOf,
      int previewChars) {
    List<String> people = chat.participants();
    Map<String, Integer> unread = new TreeMap<>();
    people.forEach(uid -> unread.put(uid, 0));
    Message last = null;
    for (Message message : messages) {
      if (message.sentAt().isAfter(asOf)) {
        continue;
      }
      if (last == null || Message.SENT_ORDER.compare(message, last) > 0) {
        last = message;
      }
      for (String reader : people) {
        if (isUnreadBy(message, reader, chat.lastReadAt().get(reader))) {
          unread.merge(reader, 1, Integer::sum);
        }
      }
    }
    Instant activity = chat.createdAt();
    if (!chat.lastActivityAt().isAfter(asOf) && chat.lastActivityAt().isAfter(activity)) {
      activity = chat.lastActivityAt();
    }
    if (last != null && last.sentAt().isAfter(activity)) {
      activity = last.sentAt();
    }
    LastMessage lastMessage = last == null ? null : MessagePreview.of(last, previewChars);
    return new ChatSummary(chat.id(), List.copyOf(people), activity, lastMessage, unread);
  }
}
