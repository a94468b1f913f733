package com.avalo.precompute.io;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.avalo.precompute.cli.Jobs;
import com.avalo.precompute.schemas.Json;
import com.avalo.precompute.serving.store.StoreSpec;
import com.avalo.precompute.source.SourceCollection;
import com.avalo.precompute.source.SourceLines;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * A field no parser reads keeps its record and is named in the run's summary, so a field the app
 * added, or a misspelt optional one, does not pass unseen.
 */
public class UnreadFieldsTest {
  @Rule public TemporaryFolder temp = new TemporaryFolder();

  @Test
  public void theParserNamesTheFieldsItDidNotRead() throws Exception {
    ObjectNode user = (ObjectNode) Json.read(SourceLines.USER);
    user.put("fcmToken", "t");
    user.put("boi", "misspelt bio");
    assertEquals(List.of("fcmToken", "boi"),
        SourceCollection.USERS.parseNotingUnread(user).unreadFields());
    assertEquals(List.of(), SourceCollection.USERS.parseNotingUnread(Json.read(SourceLines.USER))
        .unreadFields());
    // Optional fields are read whether or not a record has them.
    String chat = "{\"id\":\"c1\",\"participants\":[\"a\",\"b\"],\"createdAt\":\"2026-01-01T00:00:00Z\","
        + "\"lastActivityAt\":\"2026-01-02T00:00:00Z\",\"lastReadAt\":{}}";
    assertEquals(List.of(), SourceCollection.CHATS.parseNotingUnread(Json.read(chat)).unreadFields());
  }

  @Test
  public void theRunSummaryCountsRecordsPerUnreadField() throws Exception {
    RunSummary summary = runProfiles(List.of(with(Map.of("id", "u1", "fcmToken", "t1")),
        with(Map.of("id", "u2", "fcmToken", "t2")), with(Map.of("id", "u3"))));
    assertEquals("every record kept", 3, summary.documentsWritten());
    assertEquals(0, summary.totalDeadLettered());
    assertEquals(Map.of("users.fcmToken", 2L), summary.fieldsNotRead());
    assertTrue(summary.describe(), summary.describe().contains("fields not read:   {users.fcmToken=2}"));
    assertFalse(summary.describe(), summary.describe().contains("folds the rest"));
  }

  @Test
  public void aFloodOfFieldNamesIsFoldedButEveryFieldCounted() throws Exception {
    ObjectNode flood = (ObjectNode) Json.read(SourceLines.USER);
    int floodFields = ParseRecords.MAX_NAMED_FIELDS + 10;
    for (int i = 0; i < floodFields; i++) {
      flood.put("extra" + i, i);
    }
    RunSummary summary = runProfiles(List.of(flood.toString()));
    assertEquals(1, summary.documentsWritten());
    long named = summary.fieldsNotRead().keySet().stream()
        .filter(name -> name.startsWith("users.extra")).count();
    assertEquals(summary.fieldsNotRead().toString(), ParseRecords.MAX_NAMED_FIELDS, named);
    assertEquals(Long.valueOf(10), summary.fieldsNotRead().get("users." + ParseRecords.OTHER_FIELDS));
    assertTrue(summary.describe(), summary.describe().contains(
        "each worker names only its first 20 fields and folds the rest"));
  }

  private RunSummary runProfiles(List<String> users) throws Exception {
    Path input = temp.newFolder().toPath();
    Files.write(input.resolve("users.ndjson"), users);
    for (String empty : List.of("likes", "blocks", "matches", "chats", "messages", "posts",
        "purchases", "spends", "events")) {
      Files.write(input.resolve(empty + ".ndjson"), List.of());
    }
    var profiles = Jobs.named(List.of("profiles"));
    return PrecomputeRunner.run(profiles,
        PrecomputeRunner.parseOptions(profiles, new String[] {"--input=" + input}),
        RunSettings.writingTo(StoreSpec.sqlite(temp.newFolder().toPath().resolve("cache.db")))
            .withAsOf(Instant.parse("2026-11-20T00:00:00Z")));
  }

  private static String with(Map<String, String> fields) throws Exception {
    ObjectNode user = (ObjectNode) Json.read(SourceLines.USER);
    fields.forEach(user::put);
    return user.toString();
  }
}
