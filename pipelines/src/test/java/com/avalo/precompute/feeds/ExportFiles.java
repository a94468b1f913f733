package com.avalo.precompute.feeds;

import com.avalo.precompute.source.SourceRecords.Block;
import com.avalo.precompute.source.SourceRecords.Like;
import com.avalo.precompute.source.SourceRecords.Match;
import com.avalo.precompute.source.SourceRecords.User;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/** Writes a world as the app's NDJSON export (data-model.md), for tests that read through SourceReader. */
final class ExportFiles {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private ExportFiles() {}

  static void write(Path dir, SyntheticWorld world) throws IOException {
    Files.createDirectories(dir);
    write(dir.resolve("users.ndjson"), world.allUsers(), ExportFiles::user);
    write(dir.resolve("likes.ndjson"), world.allLikes(), ExportFiles::like);
    write(dir.resolve("blocks.ndjson"), world.allBlocks(), ExportFiles::block);
    write(dir.resolve("matches.ndjson"), world.allMatches(), ExportFiles::match);
  }

  static ObjectNode user(User u) {
    ObjectNode n = MAPPER.createObjectNode()
        .put("id", u.id()).put("displayName", u.displayName())
        .put("birthDate", u.birthDate().toString()).put("gender", u.gender().name());
    u.interestedIn().forEach(g -> n.withArray("interestedIn").add(g.name()));
    n.withArray("interestedIn");
    n.put("ageMin", u.ageMin()).put("ageMax", u.ageMax()).put("maxDistanceKm", u.maxDistanceKm());
    n.putObject("location").put("lat", u.lat()).put("lng", u.lng());
    n.put("city", u.city());
    u.interests().forEach(i -> n.withArray("interests").add(i));
    n.withArray("interests");
    return n.put("photoCount", u.photoCount()).put("bio", u.bio()).put("verified", u.verified())
        .put("createdAt", u.createdAt().toString()).put("lastActiveAt", u.lastActiveAt().toString())
        .put("status", u.status().name());
  }

  static ObjectNode like(Like l) {
    return MAPPER.createObjectNode().put("id", l.id()).put("fromUserId", l.fromUserId())
        .put("toUserId", l.toUserId()).put("kind", l.kind().name())
        .put("createdAt", l.createdAt().toString());
  }

  static ObjectNode block(Block b) {
    return MAPPER.createObjectNode().put("id", b.id()).put("fromUserId", b.fromUserId())
        .put("toUserId", b.toUserId()).put("createdAt", b.createdAt().toString());
  }

  static ObjectNode match(Match m) {
    ObjectNode n = MAPPER.createObjectNode().put("id", m.id());
    m.userIds().forEach(id -> n.withArray("userIds").add(id));
    return n.put("createdAt", m.createdAt().toString()).put("chatId", m.chatId());
  }

  private static <T> void write(Path file, List<T> records, Function<T, ObjectNode> toJson)
      throws IOException {
    try (BufferedWriter out = Files.newBufferedWriter(file)) {
      for (T record : records) {
        out.write(MAPPER.writeValueAsString(toJson.apply(record)));
        out.newLine();
      }
    }
  }
}
