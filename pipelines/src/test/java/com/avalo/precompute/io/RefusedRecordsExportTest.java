package com.avalo.precompute.io;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.avalo.precompute.serving.store.CacheStore;
import com.avalo.precompute.serving.store.StoreSpec;
import com.avalo.precompute.userstats.UserStatsJob;
import com.google.common.base.Throwables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * A collection other than users that mostly fails to parse, as after the app changed a field's
 * type, fails the run before its first write ({@link RefuseWritesOnRefusedRecords}): without its
 * purchases, every paying user's token balance was published as minus what they spent.
 */
public class RefusedRecordsExportTest {
  @Rule public TemporaryFolder temp = new TemporaryFolder();

  private static final List<PrecomputeJob> USER_STATS = List.of(new UserStatsJob());

  @Test
  public void anExportWhosePurchasesMostlyFailToParseFailsBeforeItsFirstWrite() throws IOException {
    Path db = temp.getRoot().toPath().resolve("cache.db");
    run(Path.of("src/test/resources/fixtures/small"), db, "first");
    Map<String, String> before = documents(db);
    assertTrue(before.toString(), before.containsKey("user:alice01:tokens"));

    // Every purchase with its tokens written the way the app began to write them.
    Path export = copyOfTheSmallWorld();
    Path purchases = export.resolve("purchases.ndjson");
    List<String> lines = new ArrayList<>();
    for (String line : Files.readAllLines(purchases)) {
      lines.add(line.replaceFirst("\"tokens\":(\\d+)", "\"tokens\":\"$1\""));
    }
    Files.write(purchases, lines);

    Exception failed = assertThrows(Exception.class, () -> run(export, db, "second"));
    String message = Throwables.getStackTraceAsString(failed);
    assertThat(message, containsString("3 of the source's 3 purchases (100.0%) failed to parse,"
        + " more than --maxRefusedRecordShare=0.5 allows (one refused: "));
    assertEquals("nothing written or deleted", before, documents(db));

    // Told to go on, the run publishes the balances without the purchases.
    run(export, db, "third", "--maxRefusedRecordShare=1");
    assertNotEquals(before.get("user:alice01:tokens"), documents(db).get("user:alice01:tokens"));
  }

  private Path copyOfTheSmallWorld() throws IOException {
    return SmallWorldRuns.copyOfTheSmallWorld(temp);
  }

  private static RunSummary run(Path input, Path db, String runId, String... more) {
    return SmallWorldRuns.run(USER_STATS, input, db, runId, more);
  }


  private static Map<String, String> documents(Path db) {
    try (CacheStore store = StoreSpec.sqlite(db).openExisting()) {
      Map<String, String> documents = new java.util.TreeMap<>();
      for (String key : store.keysWithPrefix("", Integer.MAX_VALUE)) {
        documents.put(key, String.valueOf(store.get(key)));
      }
      return documents;
    }
  }
}
