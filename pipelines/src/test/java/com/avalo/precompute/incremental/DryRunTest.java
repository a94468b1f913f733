package com.avalo.precompute.incremental;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.avalo.precompute.cli.Jobs;
import com.avalo.precompute.io.PrecomputeJob;
import com.avalo.precompute.io.PrecomputeOptions;
import com.avalo.precompute.io.PrecomputeRunner;
import com.avalo.precompute.io.RunSettings;
import com.avalo.precompute.io.RunSummary;
import com.avalo.precompute.seed.SeedConfig;
import com.avalo.precompute.seed.SeedGenerator;
import com.avalo.precompute.seed.SeedMutator;
import com.avalo.precompute.seed.SeedProgress;
import com.avalo.precompute.serving.store.StoreSpec;
import com.google.common.hash.Hashing;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * A dry run computes and diffs what the run would, and writes nothing: its summary's writes,
 * deletes, unchanged documents and dead letters are those of the real run that follows it, and
 * the store, the state location and the dead-letter directory are as it found them.
 */
public class DryRunTest {
  private static final Instant AS_OF = Instant.parse("2026-11-20T00:00:00Z");

  @Rule public TemporaryFolder temp = new TemporaryFolder();

  @Test
  public void aDryRunSaysWhatTheRunAfterItDoesAndLeavesEverythingAsItWas() throws Exception {
    Path before = temp.newFolder("before").toPath();
    new SeedGenerator().generate(SeedConfig.defaults().withUsers(80).withSeed(11), before,
        SeedProgress.none());
    Path after = temp.getRoot().toPath().resolve("after");
    SeedMutator.mutate(before, after, 10, 11);
    Files.writeString(after.resolve("likes.ndjson"), "{not json\n", StandardCharsets.UTF_8,
        StandardOpenOption.APPEND);
    Path storeDir = temp.newFolder("store").toPath();
    StoreSpec store = StoreSpec.sqlite(storeDir.resolve("cache.db"));
    run(before, store, "first", false);
    Map<String, String> stored = StoreContents.hashes(store);
    Map<String, String> files = files(storeDir, "cache.db");

    RunSummary dry = run(after, store, "dry", true);

    assertTrue(dry.dryRun());
    assertEquals("the store holds what it held", stored, StoreContents.hashes(store));
    assertTrue("the state location is there to compare: " + files.keySet(),
        files.keySet().stream().anyMatch(name -> name.startsWith("cache.db.state/")));
    assertEquals("no manifest, state record or dead letter was written", files,
        files(storeDir, "cache.db"));
    RunSummary real = run(after, store, "real", false);
    assertTrue("the data changed: " + real.documentsWritten(), real.documentsWritten() > 0);
    assertTrue("keys vanished: " + real.documentsDeleted(), real.documentsDeleted() > 0);
    assertEquals("the malformed like", Long.valueOf(1), real.deadLettered().get("likes"));
    assertEquals(real.documentsWritten(), dry.documentsWritten());
    assertEquals(real.documentsDeleted(), dry.documentsDeleted());
    assertEquals(real.documentsUnchanged(), dry.documentsUnchanged());
    assertEquals(real.deadLettered(), dry.deadLettered());
    assertEquals(real.recordsRead(), dry.recordsRead());
    assertEquals(real.previous(), dry.previous());
    assertTrue(dry.describe(), dry.describe().startsWith("dry run dry of "));
    assertTrue(dry.describe(), dry.describe().contains("nothing was written"));
    assertFalse(real.describe(), real.describe().contains("dry run"));
  }

  @Test
  public void aDryRunIntoAStoreNotMadeYetCountsEveryDocumentAndMakesNoFile() throws Exception {
    Path input = temp.newFolder("input").toPath();
    new SeedGenerator().generate(SeedConfig.defaults().withUsers(20).withSeed(3), input,
        SeedProgress.none());
    Path missing = temp.getRoot().toPath().resolve("not-yet");
    RunSummary dry = run(PROFILES, input, StoreSpec.sqlite(missing.resolve("cache.db")), "dry", true);

    assertFalse("nothing made at " + missing, Files.exists(missing));
    StoreSpec made = StoreSpec.sqlite(temp.getRoot().toPath().resolve("made/cache.db"));
    RunSummary real = run(PROFILES, input, made, "real", false);
    assertEquals(StoreContents.hashes(made).size(), dry.documentsWritten());
    assertEquals(real.documentsWritten(), dry.documentsWritten());
    assertEquals(0, dry.documentsDeleted());
  }

  private static final List<PrecomputeJob> JOBS =
      Jobs.named(List.of("profiles", "user-stats", "feeds", "chats"));

  /** A store that does not exist yet is the same question for every job: one job answers it. */
  private static final List<PrecomputeJob> PROFILES = Jobs.named(List.of("profiles"));

  private static RunSummary run(Path input, StoreSpec store, String runId, boolean dryRun) {
    return run(JOBS, input, store, runId, dryRun);
  }

  private static RunSummary run(List<PrecomputeJob> jobs, Path input, StoreSpec store,
      String runId, boolean dryRun) {
    List<String> args = new java.util.ArrayList<>(List.of("--input=" + input,
        "--enforceImmutability=false", "--enforceEncodability=false"));
    if (jobs.equals(JOBS)) {
      args.add("--feedPageSize=5"); // pages enough to delete some
    }
    PrecomputeOptions options = PrecomputeRunner.parseOptions(jobs, args.toArray(String[]::new));
    RunSettings settings = RunSettings.writingTo(store).withAsOf(AS_OF).withRunId(runId);
    if (!dryRun) {
      return PrecomputeRunner.run(jobs, options, settings);
    }
    return PrecomputeRunner.dryRun(jobs, options, settings, result -> { });
  }

  /**
   * Every file under {@code dir} with its bytes' hash, the SQLite file {@code database} and its journals
   * aside: the state location and the dead-letter directory beside it.
   */
  static Map<String, String> files(Path dir, String database) throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path path : walk.toList()) {
        String name = path.getFileName().toString();
        if (database.isEmpty() || !name.equals(database) && !name.startsWith(database + "-")) {
          files.put(dir.relativize(path).toString(), Files.isRegularFile(path)
              ? Hashing.sha256().hashBytes(Files.readAllBytes(path)).toString() : "dir");
        }
      }
    }
    return files;
  }
}
