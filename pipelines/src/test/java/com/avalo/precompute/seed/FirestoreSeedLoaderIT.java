package com.avalo.precompute.seed;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.avalo.precompute.io.EmulatorFirestore;
import com.fasterxml.jackson.databind.JsonNode;
import com.google.cloud.Timestamp;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Loads a small world into the Firestore emulator named by {@code FIRESTORE_EMULATOR_HOST}
 * (host:port) and reads it back; skipped when the variable is unset.
 */
public class FirestoreSeedLoaderIT {
  @Rule public TemporaryFolder temp = new TemporaryFolder();

  @Rule public EmulatorFirestore emulator = new EmulatorFirestore("seed-it");

  @Test
  public void loadsEveryCollectionWithTimestampsAndMessagesUnderTheirChat() throws Exception {
    Firestore firestore = emulator.client();
    Path dir = temp.newFolder("world").toPath();
    SeedSummary generated = new SeedGenerator().generate(
        SeedConfig.defaults().withUsers(120), dir, SeedProgress.none());
    Set<String> finishedPhases = new HashSet<>();
    SeedSummary loaded = FirestoreSeedLoader.forEmulator(firestore)
        .load(dir, (phase, done, total) -> {
          if (done == total) {
            finishedPhases.add(phase);
          }
        });

    assertEquals(generated.counts(), loaded.counts());
    assertTrue(finishedPhases.contains("load messages"));
    for (SeedCollection collection : SeedCollection.values()) {
      long stored = collection == SeedCollection.MESSAGES
          ? firestore.collectionGroup("messages").count().get().get().getCount()
          : firestore.collection(collection.collectionName()).count().get().get().getCount();
      assertEquals(collection + " documents", generated.count(collection), stored);
    }

    JsonNode user = firstRecord(dir, SeedCollection.USERS);
    DocumentSnapshot userDoc =
        firestore.collection("users").document(user.path("id").asText()).get().get();
    assertEquals(Timestamp.parseTimestamp(user.path("createdAt").asText()),
        userDoc.getTimestamp("createdAt"));
    assertFalse(userDoc.contains("id"));
    assertThat(userDoc.get("location"), instanceOf(Map.class));
    assertThat(userDoc.getDouble("location.lat"), is(user.path("location").path("lat").doubleValue()));

    JsonNode message = firstRecord(dir, SeedCollection.MESSAGES);
    DocumentSnapshot messageDoc = firestore.collection("chats")
        .document(message.path("chatId").asText()).collection("messages")
        .document(message.path("id").asText()).get().get();
    assertTrue(messageDoc.exists());
    assertFalse("chatId is in the path, not the fields", messageDoc.contains("chatId"));
    assertEquals(message.path("text").asText(), messageDoc.getString("text"));
    assertThat(messageDoc.get("sentAt"), instanceOf(Timestamp.class));

    JsonNode chat = firstRecord(dir, SeedCollection.CHATS);
    Map<?, ?> lastReadAt = (Map<?, ?>) firestore.collection("chats")
        .document(chat.path("id").asText()).get().get().get("lastReadAt");
    assertEquals(chat.path("lastReadAt").size(), lastReadAt.size());
    lastReadAt.values().forEach(value -> assertThat(value, instanceOf(Timestamp.class)));
  }

  private static JsonNode firstRecord(Path dir, SeedCollection collection) throws Exception {
    try (var lines = Files.lines(dir.resolve(collection.fileName()))) {
      return SeedFiles.MAPPER.readTree(lines.findFirst().orElseThrow());
    }
  }
}
