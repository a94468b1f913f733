package com.avalo.precompute.incremental;

import static org.junit.Assert.assertEquals;
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
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * After an incremental rerun on changed data, the store holds exactly what a full run of the
 * changed data into an empty store holds (the same keys, the same content hash each), while the
 * rerun wrote only what changed and deleted only what vanished. On the embedded store, for every
 * job, including feeds and chat lists whose page counts shrink.
 */
public class IncrementalEqualityTest {
  private static final Instant AS_OF = Instant.parse("2026-11-20T00:00:00Z");

  @Rule public TemporaryFolder temp = new TemporaryFolder();

  @Test
  public void everyJobOnASeededWorldWithOnePercentOfUsersChanged() throws Exception {
    Path before = temp.newFolder("before").toPath();
    new SeedGenerator().generate(SeedConfig.defaults().withUsers(80).withSeed(11), before,
        SeedProgress.none());
    Path after = temp.getRoot().toPath().resolve("after");
    Map<String, Integer> changed = SeedMutator.mutate(before, after, 10, 11);
    assertTrue("every kind of change happens: " + changed, changed.size() == 5);

    Outcome outcome = runTwiceAndOnceAfresh(Jobs.all(), before, after,
        "--feedPageSize=5", "--chatPageBytes=10000");
    outcome.assertEqualAndMinimal();
  }

  @Test
  public void feedsAndChatListsWhosePageCountsShrinkLoseExactlyTheirLastPages() throws Exception {
    Path before = PagedWorld.write(temp.newFolder("paged-before").toPath(), 60, 61);
    Path after = PagedWorld.write(temp.newFolder("paged-after").toPath(), 60, 31);
    Outcome outcome = runTwiceAndOnceAfresh(Jobs.named(List.of("feeds", "chats")), before, after,
        "--feedPageSize=2", "--chatPageBytes=10000", "--chatMaxPages=20");
    outcome.assertEqualAndMinimal();

    String her = PagedWorld.HER;
    assertTrue(outcome.first().containsKey("feed:" + her + ":29"));
    assertTrue(outcome.fresh().containsKey("feed:" + her + ":14"));
    assertTrue("her feed shrank", !outcome.fresh().containsKey("feed:" + her + ":15"));
    List<String> chatPagesBefore = pages(outcome.first(), "chats:" + her + ":");
    List<String> chatPagesAfter = pages(outcome.fresh(), "chats:" + her + ":");
    assertTrue("her chat list spans pages: " + chatPagesBefore, chatPagesBefore.size() >= 2);
    assertTrue("her chat list shrank: " + chatPagesBefore + " -> " + chatPagesAfter,
        chatPagesAfter.size() < chatPagesBefore.size());
  }

  private static List<String> pages(Map<String, String> store, String prefix) {
    return store.keySet().stream().filter(key -> key.startsWith(prefix)).toList();
  }

  /**
   * Runs {@code jobs} on {@code before} into an empty store, then incrementally on {@code after}
   * into the same store with the same as-of, and on {@code after} into another empty store.
   */
  private Outcome runTwiceAndOnceAfresh(List<PrecomputeJob> jobs, Path before, Path after,
      String... jobOptions) throws Exception {
    StoreSpec incremental = StoreSpec.sqlite(temp.getRoot().toPath().resolve("inc/cache.db"));
    StoreSpec fresh = StoreSpec.sqlite(temp.getRoot().toPath().resolve("fresh/cache.db"));
    RunSummary first = run(jobs, before, incremental, "first", jobOptions);
    Map<String, String> firstContents = StoreContents.hashes(incremental);
    RunSummary rerun = run(jobs, after, incremental, "rerun", jobOptions);
    RunSummary reference = run(jobs, after, fresh, "fresh", jobOptions);
    return new Outcome(first, rerun, reference, firstContents, StoreContents.hashes(incremental),
        StoreContents.hashes(fresh));
  }

  private static RunSummary run(List<PrecomputeJob> jobs, Path input, StoreSpec store,
      String runId, String... jobOptions) {
    // The DirectRunner's per-element checks belong to transform tests; here they would only
    // multiply the time of whole-pipeline runs.
    List<String> args = new ArrayList<>(List.of("--input=" + input,
        "--enforceImmutability=false", "--enforceEncodability=false"));
    args.addAll(List.of(jobOptions));
    PrecomputeOptions options = PrecomputeRunner.parseOptions(jobs, args.toArray(String[]::new));
    return PrecomputeRunner.run(jobs, options,
        RunSettings.writingTo(store).withAsOf(AS_OF).withRunId(runId));
  }

  /** Three runs and what the stores held after each. */
  record Outcome(RunSummary firstRun, RunSummary rerun, RunSummary freshRun,
      Map<String, String> first, Map<String, String> incremental, Map<String, String> fresh) {

    void assertEqualAndMinimal() {
      assertEquals("a first run into an empty store deletes nothing", 0, firstRun.documentsDeleted());
      assertEquals(0, freshRun.documentsDeleted());
      assertEquals("same keys and hashes as a fresh run", fresh, incremental);
      long changedOrNew = StoreContents.changedOrNew(first, fresh);
      long vanished = StoreContents.vanished(first, fresh);
      assertTrue("the data changed: " + changedOrNew, changedOrNew > 0);
      assertTrue("some keys vanished: " + vanished, vanished > 0);
      // Same as-of, minutes apart: every unchanged document is still fresh enough to skip.
      assertEquals("writes are exactly the changed documents", changedOrNew, rerun.documentsWritten());
      assertEquals("deletes are exactly the vanished keys", vanished, rerun.documentsDeleted());
      assertEquals(fresh.size() - changedOrNew, rerun.documentsUnchanged());
    }
  }
}
