package com.avalo.precompute.io;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.avalo.precompute.analytics.AnalyticsJob;
import com.avalo.precompute.chats.ChatsJob;
import com.avalo.precompute.counts.CountsJob;
import com.avalo.precompute.feeds.FeedsJob;
import com.avalo.precompute.profiles.ProfilesJob;
import com.avalo.precompute.schemas.CacheDocument;
import com.avalo.precompute.schemas.ChatList;
import com.avalo.precompute.schemas.TokenBalance;
import com.avalo.precompute.schemas.UserStats;
import com.avalo.precompute.seed.SeedConfig;
import com.avalo.precompute.seed.SeedGenerator;
import com.avalo.precompute.seed.SeedProgress;
import com.avalo.precompute.serving.store.CacheStore;
import com.avalo.precompute.serving.store.CacheStores;
import com.avalo.precompute.serving.store.FirestoreStoreSpec;
import com.avalo.precompute.serving.store.SqliteCacheStore;
import com.avalo.precompute.serving.store.StoreSpec;
import com.avalo.precompute.matches.MatchListsJob;
import com.avalo.precompute.userstats.UserStatsJob;
import com.google.cloud.firestore.QueryDocumentSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The foundation end to end against the Firestore emulator: seeds Firestore, runs every job with
 * {@code --source=firestore --store=firestore}, and reads the documents back, exactly on a
 * hand-built world and equal to a files-to-SQLite run on a generated one. Skipped when
 * {@code FIRESTORE_EMULATOR_HOST} is unset ({@code scripts/test.sh} sets it).
 */
public class FirestoreEndToEndIT {
  @Rule public TemporaryFolder temp = new TemporaryFolder();

  private static final Path SMALL_WORLD = Paths.get("src/test/resources/fixtures/small");
  private static final List<PrecomputeJob> EVERY_JOB = List.of(new ProfilesJob(),
      new UserStatsJob(), new MatchListsJob(), new CountsJob(), new FeedsJob(), new ChatsJob(),
      new AnalyticsJob());

  @Rule public EmulatorFirestore emulator = new EmulatorFirestore("e2e");

  @Test
  public void readsBackExactDocumentsOfAHandBuiltWorld() throws Exception {
    emulator.load(SMALL_WORLD);
    RunSummary summary = runOnFirestore(List.of(new ProfilesJob(), new UserStatsJob(),
        new ChatsJob()), "2026-11-20T00:00:00Z", "exact");

    assertEquals(0, summary.totalDeadLettered());
    assertEquals(Long.valueOf(4), summary.recordsRead().get("users"));
    assertEquals(Long.valueOf(3), summary.recordsRead().get("messages"));
    try (CacheStore store = firestoreStore()) {
      assertEquals(new UserStats("alice01", 1, 1, 0, 1, 0, 0, 1, 1, 2, 1.0, 2),
          store.get("user:alice01:stats").orElseThrow().payloadAs(UserStats.class));
      assertEquals(new UserStats("bob02", 0, 1, 1, 0, 0, 1, 1, 2, 1, null, 0),
          store.get("user:bob02:stats").orElseThrow().payloadAs(UserStats.class));
      assertEquals(new TokenBalance("alice01", 600, 500, 30, 70),
          store.get("user:alice01:tokens").orElseThrow().payloadAs(TokenBalance.class));

      ChatList alice = store.get("chats:alice01").orElseThrow().payloadAs(ChatList.class);
      assertEquals(1, alice.totalChats());
      ChatList.Entry chat = alice.chats().get(0);
      assertEquals("c1", chat.chatId());
      assertEquals("bob02", chat.other().uid());
      assertEquals("bob02", chat.lastMessage().senderId());
      assertEquals("Jazz tonight? 🎷", chat.lastMessage().preview());
      // Alice read up to 11:00; Bob's 12:00 message is the one she has not seen.
      assertEquals(1, chat.unreadCount());

      CacheDocument card = store.get("user:alice01").orElseThrow();
      assertEquals("exact", card.runId());
      assertEquals(28, card.payload().path("age").asInt());
      assertFalse("deleted users have no card", store.get("user:dave04").isPresent());
    }
  }

  @Test
  public void everyJobWritesTheSameDocumentsFromFirestoreAsFromFiles() throws Exception {
    Path world = temp.newFolder("world").toPath();
    new SeedGenerator().generate(SeedConfig.defaults().withUsers(150), world, SeedProgress.none());
    emulator.load(world);
    String asOf = SeedConfig.DEFAULT_ANCHOR.toString();
    Path db = temp.getRoot().toPath().resolve("cache.db");

    RunSummary files = PrecomputeRunner.run(EVERY_JOB, PrecomputeRunner.parseOptions(EVERY_JOB,
        new String[] {"--source=files", "--input=" + world, "--store=sqlite:" + db,
            "--asOf=" + asOf, "--runId=files", "--deadLetterDir=" + temp.newFolder("letters"),
            "--enforceImmutability=false", "--enforceEncodability=false"}));
    RunSummary fromFirestore = runOnFirestore(EVERY_JOB, asOf, "firestore");

    assertEquals(files.recordsRead(), fromFirestore.recordsRead());
    assertEquals(files.deadLettered(), fromFirestore.deadLettered());
    assertEquals(files.documentsWritten(), fromFirestore.documentsWritten());

    TreeSet<String> firestoreKeys = new TreeSet<>();
    for (QueryDocumentSnapshot doc : emulator.client().collection(FirestoreStoreSpec.DEFAULT_COLLECTION)
        .get().get().getDocuments()) {
      firestoreKeys.add(doc.getId());
    }
    try (SqliteCacheStore sqlite = SqliteCacheStore.open(db); CacheStore store = firestoreStore()) {
      List<String> sqliteKeys = sqlite.keysWithPrefix("", Integer.MAX_VALUE);
      assertTrue("the generated world yields documents of every job", sqliteKeys.size() > 500);
      assertEquals(new TreeSet<>(sqliteKeys), firestoreKeys);
      // Both stores batch getAll themselves.
      Map<String, CacheDocument> fromSqlite = sqlite.getAll(sqliteKeys);
      Map<String, CacheDocument> fromStore = store.getAll(sqliteKeys);
      for (String key : sqliteKeys) {
        CacheDocument left = fromSqlite.get(key);
        CacheDocument right = fromStore.get(key);
        assertEquals(key, left.type(), right.type());
        assertEquals(key, left.job(), right.job());
        assertEquals(key, left.asOf(), right.asOf());
        assertEquals(key, left.payload(), right.payload());
        assertEquals(key, left.contentHash(), right.contentHash());
        assertEquals(key, "firestore", right.runId());
      }
    }
  }

  @Test
  public void everyDeadLetterIsADocumentOfItsOwnEvenWhenCopiesAreIdentical() throws Exception {
    Path world = temp.newFolder("tripled").toPath();
    try (Stream<Path> files = Files.list(SMALL_WORLD)) {
      for (Path file : files.toList()) {
        Files.copy(file, world.resolve(file.getFileName()));
      }
    }
    // Alice three times over, byte for byte: two dead letters with the same origin and reason.
    String alice = Files.readAllLines(world.resolve("users.ndjson")).get(0);
    Files.writeString(world.resolve("users.ndjson"), alice + "\n" + alice + "\n",
        StandardOpenOption.APPEND);
    List<PrecomputeJob> jobs = List.of(new ProfilesJob());
    RunSummary summary = PrecomputeRunner.run(jobs, PrecomputeRunner.parseOptions(jobs,
        new String[] {"--source=files", "--input=" + world, "--store=firestore",
            "--firestoreProject=" + emulator.projectId(), "--emulatorHost=" + emulator.host(),
            "--asOf=2026-11-20T00:00:00Z", "--runId=tripled",
            "--stateLocation=" + temp.getRoot().toPath().resolve("state")}));

    assertEquals(summary.describe(), 2, summary.totalDeadLettered());
    List<QueryDocumentSnapshot> letters = emulator.client().collection("precompute_dead_letters")
        .whereEqualTo("runId", "tripled").get().get().getDocuments();
    assertEquals(2, letters.size());
    for (QueryDocumentSnapshot letter : letters) {
      assertEquals("users/alice01", letter.getString("origin"));
    }
  }

  private RunSummary runOnFirestore(List<PrecomputeJob> jobs, String asOf, String runId)
      throws Exception {
    return PrecomputeRunner.run(jobs, PrecomputeRunner.parseOptions(jobs, new String[] {
        "--source=firestore", "--store=firestore", "--firestoreProject=" + emulator.projectId(),
        "--emulatorHost=" + emulator.host(), "--asOf=" + asOf, "--runId=" + runId,
        "--deadLetterDir=" + temp.newFolder("letters-" + runId),
        "--stateLocation=" + temp.getRoot().toPath().resolve("state"),
        // The unit tests keep the DirectRunner's per-bundle checks; here they would only triple
        // the time of two whole-pipeline runs.
        "--enforceImmutability=false", "--enforceEncodability=false"}));
  }

  private CacheStore firestoreStore() {
    return CacheStores.open(StoreSpec.parse("firestore", emulator.projectId(), emulator.host()));
  }
}
