package com.avalo.precompute.incremental;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A world made for paged lists: one woman, {@code men} men in the same city who all fit her and
 * she them, and a chat between her and each. With small pages her feed and her chat list span
 * many pages; deleting some of the men shrinks both.
 */
final class PagedWorld {
  static final String HER = "her00";

  private PagedWorld() {}

  /** Writes the export to {@code dir}; men from {@code deletedFrom} on have deleted accounts. */
  static Path write(Path dir, int men, int deletedFrom) throws IOException {
    Files.createDirectories(dir);
    List<String> users = new ArrayList<>();
    List<String> chats = new ArrayList<>();
    List<String> messages = new ArrayList<>();
    users.add(user(HER, "female", "male", "active", 0));
    for (int i = 1; i <= men; i++) {
      String him = String.format("him%02d", i);
      users.add(user(him, "male", "female", i >= deletedFrom ? "deleted" : "active", i));
      String chat = String.format("chat%02d", i);
      String at = String.format("2026-11-1%dT%02d:%02d:00Z", i % 9, i % 24, i % 60);
      chats.add("{\"id\":\"" + chat + "\",\"participants\":[\"" + HER + "\",\"" + him
          + "\"],\"createdAt\":\"2026-11-01T00:00:00Z\",\"lastActivityAt\":\"" + at
          + "\",\"lastReadAt\":{}}");
      messages.add("{\"id\":\"msg" + i + "\",\"chatId\":\"" + chat + "\",\"senderId\":\"" + him
          + "\",\"text\":\"" + "hello there, ".repeat(8) + i + "\",\"sentAt\":\"" + at + "\"}");
    }
    Files.write(dir.resolve("users.ndjson"), users);
    Files.write(dir.resolve("chats.ndjson"), chats);
    Files.write(dir.resolve("messages.ndjson"), messages);
    for (String empty : List.of("likes", "blocks", "matches", "posts", "purchases", "spends",
        "events")) {
      Files.write(dir.resolve(empty + ".ndjson"), List.of());
    }
    return dir;
  }

  private static String user(String id, String gender, String wants, String status, int i) {
    return "{\"id\":\"" + id + "\",\"displayName\":\"" + id + "\",\"birthDate\":\"1996-0"
        + (1 + i % 9) + "-1" + (i % 9) + "\",\"gender\":\"" + gender + "\",\"interestedIn\":[\""
        + wants + "\"],\"ageMin\":18,\"ageMax\":60,\"maxDistanceKm\":100,\"location\":{\"lat\":52.5"
        + (i % 10) + ",\"lng\":13.4" + (i % 10) + "},\"city\":\"Berlin\",\"interests\":[\"jazz\"],"
        + "\"photoCount\":" + (1 + i % 5) + ",\"bio\":\"hi\",\"verified\":false,"
        + "\"createdAt\":\"2025-01-01T00:00:00Z\",\"lastActiveAt\":\"2026-11-19T0" + (i % 10)
        + ":00:00Z\",\"status\":\"" + status + "\"}";
  }
}
