package com.avalo.precompute.incremental;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.avalo.precompute.io.PrecomputeJob;
import com.avalo.precompute.io.PrecomputeOptions;
import com.avalo.precompute.io.PrecomputeRunner;
import com.avalo.precompute.io.RunSettings;
import com.avalo.precompute.io.RunSummary;
import com.avalo.precompute.profiles.ProfilesJob;
import com.avalo.precompute.serving.store.CacheStore;
import com.avalo.precompute.serving.store.LastWriters;
import com.avalo.precompute.serving.store.StoreSpec;
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
 * One store written from two state locations (the scheduled runs' and an analyst's backfill with
 * a --stateLocation of their own): each location's manifest misses what the other's runs changed,
 * so a run trusting its own deleted nothing it should, but skipped writing documents the other had
 * deleted. The store names the last run that wrote each job; a manifest of another run is not
 * trusted.
 */
public class TwoStateLocationsTest {
  private static final List<PrecomputeJob> JOBS = List.of(new ProfilesJob());
  private static final Path FIXTURE = Path.of("src/test/resources/fixtures/small");
  private static final Instant AS_OF = Instant.parse("2026-11-20T00:00:00Z");

  @Rule public TemporaryFolder temp = new TemporaryFolder();

  @Test
  public void aRunAfterAnotherStateLocationsRunReadsTheStoreAndRewritesWhatItDeleted()
      throws IOException {
    Path root = temp.getRoot().toPath();
    Path withoutCarol = withoutUser(root.resolve("without-carol"), "carol03");
    Path store = root.resolve("cache.db");
    Path scheduled = root.resolve("scheduled-state");
    Path analyst = root.resolve("analyst-state");

    run(FIXTURE, store, scheduled, "r1");
    assertTrue(keys(store).toString(), holds(store, "user:carol03"));
    // The analyst's export lacks carol03: their run (no manifest of its own) reads the store's
    // keys and deletes her profile.
    RunSummary backfill = run(withoutCarol, store, analyst, "r2");
    assertTrue(backfill.documentsDeleted() > 0);
    assertFalse(holds(store, "user:carol03"));

    RunSummary next = run(FIXTURE, store, scheduled, "r3");
    assertEquals("keys read from the store (last written by run r2)",
        next.previous().get("profiles"));
    assertTrue("the documents the other run deleted are written again",
        holds(store, "user:carol03"));
    try (LastWriters writers = StoreSpec.sqlite(store).openLastWriters()) {
      LastWriters.LastWriter last = writers.get("profiles").orElseThrow();
      assertEquals("r3", last.runId());
      assertEquals(scheduled.toString(), last.stateLocation());
    }

    RunSummary again = run(FIXTURE, store, scheduled, "r4");
    assertEquals("its own last run's manifest is trusted again",
        "manifest of run r3", again.previous().get("profiles").replaceAll(" \\(.*", ""));
    assertEquals(0, again.documentsWritten());
  }

  /** A dry run writes nothing, so it marks nothing. */
  @Test
  public void aDryRunLeavesTheLastWriterAsItWas() throws IOException {
    Path root = temp.getRoot().toPath();
    Path store = root.resolve("cache.db");
    run(FIXTURE, store, root.resolve("state"), "r1");
    PrecomputeRunner.dryRun(JOBS, options(FIXTURE), settings(store, root.resolve("other"), "r2"),
        com.avalo.precompute.store.StoreWriters.forRun(settings(store, root.resolve("other"), "r2"),
            options(FIXTURE)), result -> { });
    try (LastWriters writers = StoreSpec.sqlite(store).openLastWriters()) {
      assertEquals("r1", writers.get("profiles").orElseThrow().runId());
    }
  }

  private static RunSummary run(Path input, Path store, Path state, String runId) {
    return PrecomputeRunner.run(JOBS, options(input), settings(store, state, runId));
  }

  private static PrecomputeOptions options(Path input) {
    return PrecomputeRunner.parseOptions(JOBS, "--input=" + input, "--enforceImmutability=false",
        "--enforceEncodability=false");
  }

  private static RunSettings settings(Path store, Path state, String runId) {
    return RunSettings.writingTo(StoreSpec.sqlite(store)).withAsOf(AS_OF).withRunId(runId)
        .withStateLocation(state.toString());
  }

  private static List<String> keys(Path store) {
    try (CacheStore opened = StoreSpec.sqlite(store).openExisting()) {
      return opened.keysWithPrefix("", 100);
    }
  }

  private static boolean holds(Path store, String key) {
    try (CacheStore opened = StoreSpec.sqlite(store).openExisting()) {
      return opened.get(key).isPresent();
    }
  }

  /** The fixture without {@code userId}'s record, as an export taken after they left. */
  private static Path withoutUser(Path dir, String userId) throws IOException {
    Files.createDirectories(dir);
    try (Stream<Path> files = Files.list(FIXTURE)) {
      for (Path file : files.toList()) {
        Files.copy(file, dir.resolve(file.getFileName().toString()));
      }
    }
    Path users = dir.resolve("users.ndjson");
    List<String> kept = Files.readAllLines(users).stream()
        .filter(line -> !line.contains("\"id\":\"" + userId + "\"")).toList();
    Files.write(users, kept);
    return dir;
  }
}
