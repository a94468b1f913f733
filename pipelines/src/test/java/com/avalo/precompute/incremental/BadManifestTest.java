package com.avalo.precompute.incremental;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
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
import com.avalo.precompute.userstats.UserStatsJob;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * A manifest that cannot be trusted (missing, truncated, altered, of another job or store, of a
 * run that never committed) is a warning naming it, and the job reads its keys from the store
 * instead; it never diffs against, and so never deletes on the word of, what it cannot vouch for.
 */
public class BadManifestTest {
  private static final List<PrecomputeJob> JOBS = List.of(new ProfilesJob(), new UserStatsJob());
  private static final Instant AS_OF = Instant.parse("2026-11-20T00:00:00Z");

  @ClassRule public static final TemporaryFolder TEMP = new TemporaryFolder();
  /** A store and state location after one committed run, copied by each test before it breaks it. */
  private static Path original;

  @BeforeClass
  public static void runOnce() throws IOException {
    original = TEMP.newFolder("original").toPath();
    run(original, "r1");
  }

  @Test
  public void aTrustedManifestIsUsedAndTheRerunWritesNothing() throws IOException {
    Path copy = copy("trusted", path -> { });
    IncrementalRun plan = plan(copy);
    assertTrue(plan.warnings().toString(), plan.warnings().isEmpty());
    assertTrue(plan.previous().get("profiles") instanceof IncrementalRun.FromManifest);
    RunSummary rerun = run(copy, "r2");
    assertEquals(0, rerun.documentsWritten());
    assertEquals(0, rerun.documentsDeleted());
    assertEquals(0, rerun.writes().stampsRead());
  }

  @Test
  public void aMissingManifestIsAWarningAndAFullRead() throws IOException {
    Path copy = copy("missing", dir -> delete(header(dir, "profiles")));
    assertFallsBack(copy, "profiles", "is missing");
    RunSummary rerun = run(copy, "r2");
    assertTrue("the store's keys were read instead", rerun.writes().stampsRead() > 0);
    assertEquals(0, rerun.documentsWritten());
    assertEquals(0, rerun.documentsDeleted());
  }

  @Test
  public void aTruncatedShardIsAWarning() throws IOException {
    Path copy = copy("truncated", dir -> truncate(shard(dir, "profiles")));
    assertFallsBack(copy, "profiles", "the header says");
  }

  @Test
  public void anAlteredShardOfTheSameSizeIsAWarning() throws IOException {
    Path copy = copy("altered", dir -> flipLastByte(shard(dir, "profiles")));
    assertFallsBack(copy, "profiles", "does not have the checksum");
  }

  @Test
  public void aTruncatedHeaderIsAWarning() throws IOException {
    Path copy = copy("header", dir -> truncate(header(dir, "profiles")));
    assertFallsBack(copy, "profiles", "truncated or not a manifest");
  }

  @Test
  public void aManifestOfAnotherJobIsRefusedByName() throws IOException {
    Path copy = copy("foreign-job", dir -> rewriteState(dir,
        "/manifests/profiles/r1/manifest.json", "/manifests/user-stats/r1/manifest.json"));
    assertFallsBack(copy, "profiles", "is of job 'user-stats' on store sqlite:");
    assertFallsBack(copy, "profiles", "not of job 'profiles'");
  }

  @Test
  public void aManifestOfAnotherStoreIsRefusedByName() throws IOException {
    Path copy = copy("foreign-store", dir -> { });
    // The state of store A moved beside store B, its records relabelled: the headers still say A.
    Path storeB = copy.resolve("b.db");
    Files.copy(copy.resolve("cache.db"), storeB);
    Path stateB = copy.resolve("b.db.state");
    Files.move(copy.resolve("cache.db.state"), stateB);
    try (java.util.stream.Stream<Path> files = Files.list(stateB.resolve("state"))) {
      for (Path file : files.toList()) {
        Files.writeString(file, Files.readString(file)
            .replace("cache.db.state", "b.db.state")
            .replace("\"sqlite:" + copy.resolve("cache.db") + "\"", "\"sqlite:" + storeB + "\""));
      }
    }
    IncrementalRun plan = IncrementalRun.plan(List.of("profiles"), "sqlite:" + storeB, "r2",
        stateB.toString(), false, new StateFileIndex(stateB.toString()));
    assertTrue(plan.warnings().toString(), plan.warnings().get(0).contains(
        "on store sqlite:" + copy.resolve("cache.db") + ", not of job 'profiles' on store sqlite:" + storeB));
    assertTrue(plan.previous().get("profiles") instanceof IncrementalRun.FromStore);
  }

  @Test
  public void aRunThatNeverCommittedMakesTheNextReadTheStore() throws IOException {
    Path copy = copy("uncommitted", dir -> rewriteState(dir, "\"COMMITTED\"", "\"STARTED\""));
    assertFallsBack(copy, "profiles", "did not commit its manifest (started)");
  }

  @Test
  public void aStoreMadeAnewSinceItsManifestIsWrittenWhole() throws IOException {
    Path copy = copy("store-deleted", dir -> { });
    List<String> before;
    try (CacheStore store = StoreSpec.sqlite(copy.resolve("cache.db")).openExisting()) {
      before = store.keysWithPrefix("", Integer.MAX_VALUE);
    }
    // As a newcomer rerunning run-local.sh does: the store file goes, its state stays beside it.
    Files.delete(copy.resolve("cache.db"));
    RunSummary rerun = run(copy, "r2");
    try (CacheStore store = StoreSpec.sqlite(copy.resolve("cache.db")).openExisting()) {
      assertEquals(before, store.keysWithPrefix("", Integer.MAX_VALUE));
    }
    assertTrue(rerun.describe(), rerun.describe().contains("store emptied since the last manifest"));
  }

  @Test
  public void aJobWhoseDocumentsAreGoneIsWrittenWholeThoughOthersWroteTheStoreSince()
      throws IOException {
    Path copy = copy("one-job-since", dir -> { });
    List<String> before;
    try (CacheStore store = StoreSpec.sqlite(copy.resolve("cache.db")).openExisting()) {
      before = store.keysWithPrefix("", Integer.MAX_VALUE);
    }
    // The store file goes, and one job is run on the new one before the other: the store then
    // holds documents, but none of the other job's, whose manifest still lists them all.
    Files.delete(copy.resolve("cache.db"));
    run(copy, "r2", List.of(new ProfilesJob()));
    RunSummary rerun = run(copy, "r3", List.of(new UserStatsJob()));
    try (CacheStore store = StoreSpec.sqlite(copy.resolve("cache.db")).openExisting()) {
      assertEquals(before, store.keysWithPrefix("", Integer.MAX_VALUE));
    }
    assertTrue(rerun.describe(), rerun.describe().contains("store emptied since the last manifest"));
  }

  /**
   * A rerun of an old window (the Firestore fault run's, the emulator back empty after the killed
   * launch had committed): every stamp of the manifest expired before the rerun started, and the
   * rerun computes the same ones. Trusting the manifest skipped every key, leaving the store empty.
   */
  @Test
  public void aStoreEmptiedSinceAManifestWhoseKeysAllExpiredIsReadToo() throws IOException {
    Path copy = copy("expired-emptied", dir -> { });
    IncrementalRun plan = IncrementalRun.plan(List.of("profiles", "user-stats"), store(copy), "r2",
        state(copy), false, new StateFileIndex(state(copy)), Instant.parse("2100-01-01T00:00:00Z"),
        keys -> Set.of(), jobs -> java.util.Map.of());
    assertEquals(plan.warnings().toString(), 2, plan.warnings().size());
    assertTrue(plan.warnings().get(0), plan.warnings().get(0).contains(
        "the store was emptied or made anew since"));
    assertTrue(plan.previous().get("profiles") instanceof IncrementalRun.FromStore);
    assertTrue(plan.previous().get("user-stats") instanceof IncrementalRun.FromStore);

    IncrementalRun held = IncrementalRun.plan(List.of("profiles"), store(copy), "r3", state(copy),
        false, new StateFileIndex(state(copy)), Instant.parse("2100-01-01T00:00:00Z"), Set::copyOf,
        jobs -> java.util.Map.of());
    assertEquals("a store holding it: the manifest is trusted", List.of(), held.warnings());
  }

  @Test
  public void fullReadsTheStoreWithoutWarning() throws IOException {
    Path copy = copy("full", dir -> { });
    IncrementalRun plan = IncrementalRun.plan(List.of("profiles"), store(copy), "r2",
        state(copy), true, new StateFileIndex(state(copy)));
    assertEquals(List.of(), plan.warnings());
    assertEquals(new IncrementalRun.FromStore("--full"), plan.previous().get("profiles"));
  }

  @Test
  public void anUnreadableStateFileIsAnErrorNamingIt() throws IOException {
    Path copy = copy("state", dir -> truncate(dir.resolve("cache.db.state/state/profiles.json")));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> plan(copy));
    assertTrue(e.getMessage(), e.getMessage().contains("profiles.json is not a state file"));
  }

  private static void assertFallsBack(Path copy, String job, String because) {
    IncrementalRun plan = plan(copy);
    assertEquals(plan.warnings().toString(), 1, plan.warnings().size());
    assertTrue(plan.warnings().get(0), plan.warnings().get(0).contains(because));
    assertTrue(plan.warnings().get(0), plan.warnings().get(0).endsWith(
        "reading the keys of job " + job + " from the store instead"));
    assertTrue(plan.previous().get(job) instanceof IncrementalRun.FromStore);
    assertTrue("the other job keeps its manifest",
        plan.previous().get("user-stats") instanceof IncrementalRun.FromManifest);
  }

  private static IncrementalRun plan(Path dir) {
    return IncrementalRun.plan(List.of("profiles", "user-stats"), store(dir), "r2", state(dir),
        false, new StateFileIndex(state(dir)));
  }

  private static RunSummary run(Path dir, String runId) {
    return run(dir, runId, JOBS);
  }

  private static RunSummary run(Path dir, String runId, List<PrecomputeJob> jobs) {
    PrecomputeOptions options = PrecomputeRunner.parseOptions(jobs,
        "--input=src/test/resources/fixtures/small", "--enforceImmutability=false",
        "--enforceEncodability=false");
    return PrecomputeRunner.run(jobs, options, RunSettings.writingTo(
        StoreSpec.sqlite(dir.resolve("cache.db"))).withAsOf(AS_OF).withRunId(runId));
  }

  private static String store(Path dir) {
    try (CacheStore store = StoreSpec.sqlite(dir.resolve("cache.db")).openExisting()) {
      return store.describe();
    }
  }

  private static String state(Path dir) {
    return dir.resolve("cache.db.state").toString();
  }

  private static Path copy(String name, Consumer<Path> breakIt) throws IOException {
    Path copy = TEMP.getRoot().toPath().resolve(name);
    try (Stream<Path> files = Files.walk(original)) {
      for (Path file : files.toList()) {
        Path target = copy.resolve(original.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          Files.copy(file, target);
        }
      }
    }
    // The copy's records and headers name the original's paths; point them at the copy.
    try (Stream<Path> files = Files.walk(copy.resolve("cache.db.state"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
        Files.writeString(file, Files.readString(file).replace(original.toString(), copy.toString()));
      }
    }
    // So do the store's marks of its last writers, which name the state location.
    try (LastWriters writers = StoreSpec.sqlite(copy.resolve("cache.db")).openLastWriters()) {
      for (PrecomputeJob job : JOBS) {
        writers.get(job.name()).ifPresent(mark -> writers.put(new LastWriters.LastWriter(
            mark.job(), mark.runId(), mark.stateLocation().replace(original.toString(),
                copy.toString()), mark.startedAt())));
      }
    }
    breakIt.accept(copy);
    return copy;
  }


  private static Path header(Path dir, String job) {
    return dir.resolve("cache.db.state/manifests/" + job + "/r1/manifest.json");
  }

  private static Path shard(Path dir, String job) {
    try (Stream<Path> files = Files.list(dir.resolve("cache.db.state/manifests/" + job + "/r1"))) {
      return files.filter(f -> f.getFileName().toString().startsWith("stamps-")).sorted()
          .filter(BadManifestTest::nonEmpty).findFirst().orElseThrow();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static boolean nonEmpty(Path file) {
    try {
      return Files.size(file) > 20;
    } catch (IOException e) {
      return false;
    }
  }

  private static void rewriteState(Path dir, String from, String to) {
    Path state = dir.resolve("cache.db.state/state/profiles.json");
    try {
      String text = Files.readString(state);
      int at = text.indexOf("\"job\" : \"profiles\"");
      int end = text.indexOf('}', text.indexOf("\"manifest\"", at));
      Files.writeString(state, text.substring(0, at) + text.substring(at, end).replace(from, to)
          + text.substring(end));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void delete(Path file) {
    try {
      Files.delete(file);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void truncate(Path file) {
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.setLength(raf.length() / 2);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void flipLastByte(Path file) {
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.seek(raf.length() - 1);
      int last = raf.read();
      raf.seek(raf.length() - 1);
      raf.write(last ^ 0xff);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
