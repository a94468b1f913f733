package com.avalo.precompute.chats;

import com.avalo.precompute.io.RunContext;
import com.avalo.precompute.source.SourceRecords.Block;
import com.avalo.precompute.source.SourceRecords.Chat;
import com.avalo.precompute.source.SourceRecords.Gender;
import com.avalo.precompute.source.SourceRecords.Message;
import com.avalo.precompute.source.SourceRecords.User;
import com.avalo.precompute.source.SourceRecords.UserStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Small literal records for the chats tests. */
final class ChatFixtures {
  static final Instant AS_OF = Instant.parse("2026-11-20T12:00:00Z");
  static final RunContext RUN = new RunContext("run-1", AS_OF, Instant.parse("2026-11-20T12:05:00Z"),
      null, Duration.ofDays(30));

  private ChatFixtures() {}

  static Instant at(String time) {
    return Instant.parse("2026-11-" + time + "Z");
  }

  static User user(String id, UserStatus status) {
    return new User(id, "User " + id, LocalDate.parse("1996-11-21"), Gender.female,
        Set.of(Gender.male), 25, 40, 50, 38.7, -9.1, "Lisbon", List.of("hiking"), 3, "", true,
        at("01T00:00:00"), at("19T00:00:00"), status);
  }

  static User user(String id) {
    return user(id, UserStatus.active);
  }

  static Chat chat(String id, String a, String b, String createdAt, Map<String, Instant> lastReadAt) {
    return new Chat(id, List.of(a, b), at(createdAt), at(createdAt), lastReadAt);
  }

  static Message message(String id, String chatId, String sender, String text, String sentAt) {
    return new Message(id, chatId, sender, text, at(sentAt));
  }

  static Block block(String from, String to, String createdAt) {
    return new Block("b-" + from + "-" + to, from, to, at(createdAt));
  }
}
