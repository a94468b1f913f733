package com.avalo.precompute.io;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.avalo.precompute.profiles.ProfilesJob;
import com.avalo.precompute.serving.store.CacheStore;
import com.avalo.precompute.serving.store.StoreSpec;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * A file export whose users file holds no record, as one cut short or never written, stops the
 * run before any work, as a Firestore source with no users does ({@link FirestoreSourceCheck}):
 * every job reads users, so the run would compute nothing and delete every document it wrote
 * before as vanished.
 */
public class EmptyUsersExportTest {
  @Rule public TemporaryFolder temp = new TemporaryFolder();

  private static final List<PrecomputeJob> PROFILES = List.of(new ProfilesJob());
  private static final Instant AS_OF = Instant.parse("2026-11-20T00:00:00Z");

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

  private Path copyOfTheSmallWorld() throws IOException {
    Path export = temp.newFolder("export").toPath();
    try (Stream<Path> files = Files.list(Path.of("src/test/resources/fixtures/small"))) {
      for (Path file : files.toList()) {
        Files.copy(file, export.resolve(file.getFileName()));
      }
    }
    return export;
  }

  private static RunSummary run(Path input, Path db, String runId) {
    PrecomputeOptions options = PrecomputeRunner.parseOptions(PROFILES, "--input=" + input,
        "--enforceImmutability=false", "--enforceEncodability=false");
    return PrecomputeRunner.run(PROFILES, options, RunSettings.writingTo(StoreSpec.sqlite(db))
        .withAsOf(AS_OF).withRunId(runId));
  }

  private static List<String> keys(Path db) {
    try (CacheStore store = StoreSpec.sqlite(db).openExisting()) {
      return store.keysWithPrefix("", Integer.MAX_VALUE);
    }
  }
}
