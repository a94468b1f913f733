package com.avalo.precompute.io;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.avalo.precompute.profiles.ProfilesJob;
import com.avalo.precompute.serving.store.CacheStore;
import com.avalo.precompute.serving.store.StoreSpec;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.base.Throwables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * A file export that lost its users does not cost the store its documents. One whose users file
 * holds no record, as one cut short or never written, stops the run before any work, as a
 * Firestore source with no users does ({@link FirestoreSourceCheck}): every job reads users, so
 * the run would compute nothing and delete every document it wrote before as vanished. One whose
 * users mostly fail to parse fails before its first write ({@link RefuseWritesOnRefusedRecords}).
 */
public class LostUsersExportTest {
  @Rule public TemporaryFolder temp = new TemporaryFolder();

  private static final List<PrecomputeJob> PROFILES = List.of(new ProfilesJob());

  @Test
  public void anExportWithAnEmptyUsersFileIsRefusedAndTheStoreKeepsItsDocuments()
      throws IOException {
    assertRefusedAndTheStoreKeepsItsDocuments(users -> "\n \n");
  }

  @Test
  public void anExportWhoseUsersFileHoldsNoRecordThatParsesIsRefusedAndTheStoreKeepsItsDocuments()
      throws IOException {
    // The users as one pretty-printed JSON array (JSON.stringify(users, null, 2)): every line a
    // dead letter, none a user.
    ObjectMapper mapper = new ObjectMapper();
    assertRefusedAndTheStoreKeepsItsDocuments(users -> mapper.writerWithDefaultPrettyPrinter()
        .writeValueAsString(mapper.readTree("[" + String.join(",", users) + "]")));
  }

  /**
   * A store with the small world's profile cards; then a run over a copy of the world whose users
   * file is {@code rewrite} of its lines, refused before it changes the store.
   */
  private void assertRefusedAndTheStoreKeepsItsDocuments(UsersRewrite rewrite) throws IOException {
    Path db = temp.getRoot().toPath().resolve("cache.db");
    run(Path.of("src/test/resources/fixtures/small"), db, "first");
    List<String> before = keys(db);
    assertTrue("the fixture yields profile cards", before.contains("user:alice01"));

    Path export = copyOfTheSmallWorld();
    Path users = export.resolve("users.ndjson");
    Files.writeString(users, rewrite.apply(Files.readAllLines(users)));

    IllegalArgumentException refused =
        assertThrows(IllegalArgumentException.class, () -> run(export, db, "second"));
    assertTrue(refused.getMessage(), refused.getMessage().contains("users.ndjson"));
    assertTrue(refused.getMessage(), refused.getMessage().contains("holds no users"));
    assertEquals(before, keys(db));
  }

  private interface UsersRewrite {
    String apply(List<String> lines) throws IOException;
  }

  @Test
  public void anExportWhoseUsersMostlyFailToParseFailsBeforeItsFirstWrite() throws IOException {
    Path db = temp.getRoot().toPath().resolve("cache.db");
    run(Path.of("src/test/resources/fixtures/small"), db, "first");
    List<String> before = keys(db);

    // Three of the four users with a birth date the app began to write another way.
    Path export = copyOfTheSmallWorld();
    Path users = export.resolve("users.ndjson");
    List<String> lines = new ArrayList<>(Files.readAllLines(users));
    for (int i = 1; i < lines.size(); i++) {
      lines.set(i, lines.get(i).replaceFirst("\"birthDate\":\"[^\"]*\"",
          "\"birthDate\":\"05/05/1995\""));
    }
    Files.write(users, lines);

    IllegalArgumentException badShare = assertThrows(IllegalArgumentException.class,
        () -> run(export, db, "unrun", "--maxRefusedUserShare=1.5"));
    assertTrue(badShare.getMessage(), badShare.getMessage().contains("--maxRefusedUserShare=1.5"));

    Exception failed = assertThrows(Exception.class, () -> run(export, db, "second"));
    String message = Throwables.getStackTraceAsString(failed);
    assertTrue(message, message.contains("3 of the source's 4 users (75.0%) failed to parse,"
        + " more than --maxRefusedUserShare=0.5 allows"));
    assertEquals("nothing written or deleted", before, keys(db));

    // Told to go on, the run deletes the refused users' cards (dave04, deleted, had none).
    run(export, db, "third", "--maxRefusedUserShare=1");
    List<String> expected = new ArrayList<>(before);
    expected.removeAll(List.of("user:bob02", "user:carol03"));
    assertEquals(expected, keys(db));
  }

  private Path copyOfTheSmallWorld() throws IOException {
    return SmallWorldRuns.copyOfTheSmallWorld(temp);
  }

  private static RunSummary run(Path input, Path db, String runId, String... more) {
    return SmallWorldRuns.run(PROFILES, input, db, runId, more);
  }


  private static List<String> keys(Path db) {
    try (CacheStore store = StoreSpec.sqlite(db).openExisting()) {
      return store.keysWithPrefix("", Integer.MAX_VALUE);
    }
  }
}
