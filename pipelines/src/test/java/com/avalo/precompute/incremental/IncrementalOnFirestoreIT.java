package com.avalo.precompute.incremental;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.avalo.precompute.cli.Jobs;
import com.avalo.precompute.io.EmulatorFirestore;
import com.avalo.precompute.io.PrecomputeJob;
import com.avalo.precompute.io.PrecomputeOptions;
import com.avalo.precompute.io.PrecomputeRunner;
import com.avalo.precompute.io.RunSettings;
import com.avalo.precompute.io.RunSummary;
import com.avalo.precompute.seed.SeedConfig;
import com.avalo.precompute.seed.SeedGenerator;
import com.avalo.precompute.seed.SeedMutator;
import com.avalo.precompute.seed.SeedProgress;
import com.avalo.precompute.serving.store.CacheStores;
import com.avalo.precompute.serving.store.CacheStore;
import com.avalo.precompute.serving.store.StoreSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * {@link IncrementalEqualityTest} on the Firestore emulator: every job on a seeded world with a
 * paged world beside it (a feed and a chat list that shrink), run, changed, rerun incrementally,
 * and compared with a fresh run into an empty database; then a {@code --full} rerun reads every
 * job's keys from Firestore (a projection query) and finds nothing to do.
 */
public class IncrementalOnFirestoreIT {
  private static final Instant AS_OF = Instant.parse("2026-11-20T00:00:00Z");
  private static final List<PrecomputeJob> JOBS = Jobs.all();

  @Rule public TemporaryFolder temp = new TemporaryFolder();
  @Rule public EmulatorFirestore incremental = new EmulatorFirestore("inc");
  @Rule public EmulatorFirestore fresh = new EmulatorFirestore("fresh");

  @Test
  public void anIncrementalRerunLeavesWhatAFreshRunWrites() throws Exception {
    Path seeded = temp.newFolder("seeded").toPath();
    new SeedGenerator().generate(SeedConfig.defaults().withUsers(60).withSeed(5), seeded,
        SeedProgress.none());
    Path before = temp.newFolder("before").toPath();
    try (var files = Files.list(seeded)) {
      for (Path file : files.toList()) {
        Files.copy(file, before.resolve(file.getFileName()));
      }
    }
    appendAll(PagedWorld.write(temp.newFolder("paged-before").toPath(), 60, 61), before);
    Path after = temp.getRoot().toPath().resolve("after");
    SeedMutator.mutate(seeded, after, 8, 5);
    appendAll(PagedWorld.write(temp.newFolder("paged-after").toPath(), 60, 31), after);
    Files.writeString(after.resolve("likes.ndjson"), "{not json\n", StandardOpenOption.APPEND);

    RunSummary first = run(incremental, before, "first", false);
    Map<String, String> firstContents = contents(incremental);
    // A dry run of the rerun first: the same figures, and nothing written to Firestore or the state.
    Path state = temp.getRoot().toPath().resolve("state-" + incremental.projectId());
    Map<String, String> stateFiles = DryRunTest.files(state, "");
    RunSummary dry = run(incremental, after, "dry", false, true);
    assertEquals("a dry run writes no document", firstContents, contents(incremental));
    assertEquals("nor a dead letter", 0, deadLetters(incremental));
    assertEquals("nor a manifest or state record", stateFiles, DryRunTest.files(state, ""));
    RunSummary rerun = run(incremental, after, "rerun", false);
    assertEquals(Long.valueOf(1), rerun.deadLettered().get("likes"));
    assertEquals(1, deadLetters(incremental));
    assertEquals(rerun.documentsWritten(), dry.documentsWritten());
    assertEquals(rerun.documentsDeleted(), dry.documentsDeleted());
    assertEquals(rerun.documentsUnchanged(), dry.documentsUnchanged());
    assertEquals(rerun.deadLettered(), dry.deadLettered());
    RunSummary reference = run(fresh, after, "fresh", false);
    Map<String, String> rerunContents = contents(incremental);
    Map<String, String> freshContents = contents(fresh);

    assertEquals(0, first.documentsDeleted());
    assertEquals(0, reference.documentsDeleted());
    assertEquals("same keys and hashes as a fresh run", freshContents, rerunContents);
    long changedOrNew = StoreContents.changedOrNew(firstContents, freshContents);
    long vanished = StoreContents.vanished(firstContents, freshContents);
    assertTrue(vanished > 0);
    assertEquals(changedOrNew, rerun.documentsWritten());
    assertEquals(vanished, rerun.documentsDeleted());
    assertEquals(0, rerun.writes().stampsRead());
    assertTrue("her feed shrank", firstContents.containsKey("feed:her00:29")
        && !rerunContents.containsKey("feed:her00:15"));
    assertTrue("her chat list shrank", firstContents.containsKey("chats:her00:1")
        && rerunContents.keySet().stream().filter(k -> k.startsWith("chats:her00:")).count()
            < firstContents.keySet().stream().filter(k -> k.startsWith("chats:her00:")).count());

    RunSummary full = run(incremental, after, "full", true);
    assertEquals("--full read every key from Firestore", rerunContents.size(), full.writes().stampsRead());
    assertEquals(0, full.documentsWritten());
    assertEquals(0, full.documentsDeleted());
  }

  /** Appends every collection of {@code from} to the same file of {@code to}. */
  private static void appendAll(Path from, Path to) throws Exception {
    for (String collection : List.of("users", "chats", "messages")) {
      Files.write(to.resolve(collection + ".ndjson"), Files.readAllLines(from.resolve(collection + ".ndjson")),
          StandardOpenOption.APPEND);
    }
  }

  private RunSummary run(EmulatorFirestore emulator, Path input, String runId, boolean full)
      throws Exception {
    return run(emulator, input, runId, full, false);
  }

  private RunSummary run(EmulatorFirestore emulator, Path input, String runId, boolean full,
      boolean dryRun) throws Exception {
    PrecomputeOptions options = PrecomputeRunner.parseOptions(JOBS, "--input=" + input,
        "--firestoreProject=" + emulator.projectId(), "--emulatorHost=" + emulator.host(),
        "--feedPageSize=2", "--chatPageBytes=10000", "--chatMaxPages=20",
        "--enforceImmutability=false", "--enforceEncodability=false");
    RunSettings settings = RunSettings.writingTo(store(emulator))
        .withAsOf(AS_OF).withRunId(runId).withFull(full)
        .withDeadLetterDir(temp.getRoot().toPath().resolve("letters-" + runId))
        .withStateLocation(temp.getRoot().toPath().resolve("state-" + emulator.projectId()).toString());
    return dryRun
        ? PrecomputeRunner.dryRun(JOBS, options, settings, result -> { })
        : PrecomputeRunner.run(JOBS, options, settings);
  }

  private static int deadLetters(EmulatorFirestore emulator) throws Exception {
    return emulator.client().collection("precompute_dead_letters").get().get().size();
  }

  private static StoreSpec store(EmulatorFirestore emulator) {
    return StoreSpec.firestore(emulator.projectId(), emulator.host());
  }

  private static Map<String, String> contents(EmulatorFirestore emulator) {
    try (CacheStore store = CacheStores.open(store(emulator))) {
      return StoreContents.hashes(store);
    }
  }
}
