package com.avalo.precompute.seed;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The files as a contract: determinism, counts, ids and the exact field set of every record. */
public class SeedGeneratorTest {
  private static final Map<SeedCollection, Set<String>> FIELDS = Map.of(
      SeedCollection.USERS, Set.of("id", "displayName", "birthDate", "gender", "interestedIn",
          "ageMin", "ageMax", "maxDistanceKm", "location", "city", "interests", "photoCount",
          "bio", "verified", "createdAt", "lastActiveAt", "status"),
      SeedCollection.LIKES, Set.of("id", "fromUserId", "toUserId", "kind", "createdAt"),
      SeedCollection.BLOCKS, Set.of("id", "fromUserId", "toUserId", "createdAt"),
      SeedCollection.MATCHES, Set.of("id", "userIds", "createdAt", "chatId"),
      SeedCollection.CHATS,
      Set.of("id", "participants", "createdAt", "lastActivityAt", "lastReadAt"),
      SeedCollection.MESSAGES, Set.of("id", "chatId", "senderId", "text", "sentAt"),
      SeedCollection.POSTS, Set.of("id", "authorId", "text", "media", "createdAt"),
      SeedCollection.PURCHASES, Set.of("id", "userId", "productId", "tokens", "amountMinor",
          "currency", "status", "createdAt"),
      SeedCollection.SPENDS, Set.of("id", "userId", "tokens", "reason", "createdAt"));
  private static final Set<String> SESSION_FIELDS = Set.of("id", "type", "userId", "at");
  private static final Set<String> API_CALL_FIELDS =
      Set.of("id", "type", "userId", "at", "endpoint", "latencyMs", "cacheLayer", "ok");

  @Rule public TemporaryFolder temp = new TemporaryFolder();

  @Test
  public void sameConfigWritesIdenticalBytes() throws IOException {
    SeedConfig config = SeedConfig.defaults().withUsers(1_500).withSeed(7);
    Path first = temp.newFolder("first").toPath();
    Path second = temp.newFolder("second").toPath();
    new SeedGenerator().generate(config, first, SeedProgress.none());
    new SeedGenerator().generate(config, second, SeedProgress.none());
    for (SeedCollection collection : SeedCollection.values()) {
      assertEquals(collection.fileName() + " differs between runs", -1L,
          Files.mismatch(first.resolve(collection.fileName()),
              second.resolve(collection.fileName())));
    }
    assertEquals(-1L, Files.mismatch(first.resolve(SeedGenerator.MANIFEST),
        second.resolve(SeedGenerator.MANIFEST)));
  }

  @Test
  public void anotherSeedWritesAnotherWorld() throws IOException {
    Path first = temp.newFolder("a").toPath();
    Path second = temp.newFolder("b").toPath();
    new SeedGenerator().generate(SeedConfig.defaults().withUsers(300), first, SeedProgress.none());
    new SeedGenerator().generate(
        SeedConfig.defaults().withUsers(300).withSeed(43), second, SeedProgress.none());
    assertTrue(Files.mismatch(first.resolve("users.ndjson"), second.resolve("users.ndjson")) >= 0);
  }

  @Test
  public void progressReportsEveryPhaseToCompletion() throws IOException {
    List<String> finished = new ArrayList<>();
    new SeedGenerator().generate(SeedConfig.defaults().withUsers(200),
        temp.newFolder().toPath(), (phase, done, total) -> {
          assertTrue(phase + " reported " + done + " of " + total, done <= total);
          if (done == total) {
            finished.add(phase);
          }
        });
    assertThat(finished, containsInAnyOrder(
        "users", "matching", "likes", "chats", "posts", "tokens", "events"));
  }

  @Test
  public void manifestAndSummaryCountTheLinesOfEveryFile() throws IOException {
    Path dir = TestWorld.dir();
    JsonNode manifest = SeedFiles.MAPPER.readTree(dir.resolve(SeedGenerator.MANIFEST).toFile());
    assertThat(manifest.path("anchor").asText(), is("2026-11-23T00:00:00Z"));
    assertThat(manifest.path("config").path("users").asInt(), is(3_000));
    for (SeedCollection collection : SeedCollection.values()) {
      long lines;
      try (var stream = Files.lines(dir.resolve(collection.fileName()))) {
        lines = stream.count();
      }
      assertThat(collection + " is empty", lines, greaterThan(0L));
      assertThat(manifest.path("counts").path(collection.collectionName()).asLong(), is(lines));
      assertThat(TestWorld.summary().count(collection), is(lines));
    }
  }

  @Test
  public void everyRecordHasExactlyTheContractFieldsAndAUniqueFirestoreStyleId() {
    for (SeedCollection collection : SeedCollection.values()) {
      Set<String> ids = new HashSet<>();
      SeedFiles.forEach(TestWorld.dir(), collection, record -> {
        Set<String> expected = collection == SeedCollection.EVENTS
            ? ("api_call".equals(record.path("type").asText()) ? API_CALL_FIELDS : SESSION_FIELDS)
            : FIELDS.get(collection);
        assertThat(collection + " record " + record, fieldNames(record), equalTo(expected));
        String id = record.path("id").asText();
        assertTrue("bad id " + id, SeedFiles.ID.matcher(id).matches());
        assertTrue("duplicate " + collection + " id " + id, ids.add(id));
      });
    }
  }

  @Test
  public void everyTimestampIsSecondPrecisionUtcBeforeTheAnchor() {
    long anchor = TestWorld.anchor();
    for (SeedCollection collection : SeedCollection.values()) {
      SeedFiles.forEach(TestWorld.dir(), collection, record -> {
        for (String field : collection.timestampFields()) {
          JsonNode value = record.path(field);
          Iterator<JsonNode> times = value.isObject() ? value.elements() : List.of(value).iterator();
          times.forEachRemaining(time -> assertTrue(collection + "." + field + " not before "
              + "the anchor: " + record, SeedFiles.epoch(time.asText()) < anchor));
        }
      });
    }
  }

  private static Set<String> fieldNames(JsonNode record) {
    Set<String> names = new HashSet<>();
    record.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
