package com.avalo.precompute.incremental;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.avalo.precompute.io.CacheWrite;
import com.avalo.precompute.io.DeadLetter;
import com.avalo.precompute.io.PrecomputeJob;
import com.avalo.precompute.io.PrecomputeOptions;
import com.avalo.precompute.io.PrecomputeRunner;
import com.avalo.precompute.io.RunSettings;
import com.avalo.precompute.io.RunSummary;
import com.avalo.precompute.profiles.ProfilesJob;
import com.avalo.precompute.serving.store.CacheStore;
import com.avalo.precompute.serving.store.LastWriters;
import com.avalo.precompute.serving.store.StoreSpec;
import com.avalo.precompute.store.StoreWriter;
import com.avalo.precompute.store.StoreWriters;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
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

  /** A dry run reads the marks as a run does, so it tells what the run would diff against. */
  @Test
  public void aDryRunAfterAnotherStateLocationsRunSaysItWouldReadTheStore() throws IOException {
    Path root = temp.getRoot().toPath();
    Path store = root.resolve("cache.db");
    Path scheduled = root.resolve("scheduled-state");
    run(FIXTURE, store, scheduled, "r1");
    run(FIXTURE, store, root.resolve("analyst-state"), "r2");
    RunSettings settings = settings(store, scheduled, "r3");
    RunSummary dry = PrecomputeRunner.dryRun(JOBS, options(FIXTURE), settings, result -> { });
    assertEquals("keys read from the store (last written by run r2)",
        dry.previous().get("profiles"));
  }

  /**
   * A run that marks the job between this run's plan and its mark (here while the pipeline is
   * built) would have its writes hidden behind this run's mark: this run stops before writing.
   */
  @Test
  public void aMarkMadeAfterThePlanStopsTheRunBeforeItsFirstWrite() throws IOException {
    Path root = temp.getRoot().toPath();
    Path store = root.resolve("cache.db");
    Path scheduled = root.resolve("scheduled-state");
    run(FIXTURE, store, scheduled, "r1");
    List<String> keysBefore = keys(store);
    RunSettings settings = settings(store, scheduled, "r2");
    StateLock.StateInUseException refused = assertThrows(StateLock.StateInUseException.class,
        () -> PrecomputeRunner.run(JOBS, options(withoutUser(root.resolve("less"), "carol03")),
            settings, StoreWriters.forRun(settings, options(FIXTURE)),
            built -> mark(store, "other", "/elsewhere"), running -> { }));
    assertTrue(refused.getMessage(), refused.getMessage().startsWith(
        "run other (state location /elsewhere, started "));
    assertTrue(refused.getMessage(), refused.getMessage().contains("this run wrote no document"));
    assertEquals(keysBefore, keys(store));
  }

  /**
   * Another run marking the job while this one writes (runs from two state locations at once):
   * neither manifest describes the store afterwards, so the job's mark names no run and the next
   * run of either location reads the store. The check runs inside the pipeline, after the writes,
   * so it holds where the launcher does not wait for the end.
   */
  @Test
  public void aMarkMadeWhileTheRunWritesMakesTheNextRunReadTheStore() throws IOException {
    Path root = temp.getRoot().toPath();
    Path store = root.resolve("cache.db");
    Path scheduled = root.resolve("scheduled-state");
    RunSettings settings = settings(store, scheduled, "r1");
    MarkWhileWriting.marked.set(false);
    PrecomputeRunner.run(JOBS, options(FIXTURE), settings,
        markingWhileWriting(StoreWriters.forRun(settings, options(FIXTURE)), store), built -> { },
        running -> { });
    assertTrue("the other run marked the job mid-write", MarkWhileWriting.marked.get());
    try (LastWriters writers = StoreSpec.sqlite(store).openLastWriters()) {
      assertEquals("overlap of runs r1 and other", writers.get("profiles").orElseThrow().runId());
    }
    RunSummary next = run(FIXTURE, store, scheduled, "r2");
    assertEquals("keys read from the store (last written by run overlap of runs r1 and other)",
        next.previous().get("profiles"));
  }

  /**
   * A launch that does not wait for its job (a Dataflow Flex Template's launcher, here {@code
   * submit} on the DirectRunner) cannot check the marks afterwards: the pipeline does.
   */
  @Test
  public void aLaunchThatDoesNotWaitStillLeavesTheOverlapMark() throws IOException {
    Path root = temp.getRoot().toPath();
    Path store = root.resolve("cache.db");
    RunSettings settings = settings(store, root.resolve("scheduled-state"), "r1");
    MarkWhileWriting.marked.set(false);
    PipelineResult submitted = PrecomputeRunner.submit(JOBS, options(FIXTURE), settings,
        markingWhileWriting(StoreWriters.forRun(settings, options(FIXTURE)), store), built -> { });
    assertEquals(PipelineResult.State.DONE, submitted.waitUntilFinish());
    try (LastWriters writers = StoreSpec.sqlite(store).openLastWriters()) {
      assertEquals("overlap of runs r1 and other", writers.get("profiles").orElseThrow().runId());
    }
  }

  /** {@code real}, but another run marks the job as the first write goes to the store. */
  private static StoreWriter markingWhileWriting(StoreWriter real, Path store) {
    return (StoreWriter) Proxy.newProxyInstance(StoreWriter.class.getClassLoader(),
        new Class<?>[] {StoreWriter.class}, (proxy, method, args) -> {
          if (method.getName().equals("writeDocuments")) {
            return new MarkWhileWriting(real.writeDocuments(), store.toString());
          }
          try {
            return method.invoke(real, args);
          } catch (InvocationTargetException thrown) {
            throw thrown.getCause();
          }
        });
  }

  private static final class MarkWhileWriting
      extends PTransform<PCollection<CacheWrite>, PCollection<DeadLetter>> {
    static final AtomicBoolean marked = new AtomicBoolean();
    private final transient PTransform<PCollection<CacheWrite>, PCollection<DeadLetter>> write;
    private final String store;

    MarkWhileWriting(PTransform<PCollection<CacheWrite>, PCollection<DeadLetter>> write,
        String store) {
      this.write = write;
      this.store = store;
    }

    @Override
    public PCollection<DeadLetter> expand(PCollection<CacheWrite> writes) {
      return writes.apply(ParDo.of(new DoFn<CacheWrite, CacheWrite>() {
        @ProcessElement
        public void process(@Element CacheWrite each, OutputReceiver<CacheWrite> out) {
          if (marked.compareAndSet(false, true)) {
            mark(Path.of(store), "other", "/elsewhere");
          }
          out.output(each);
        }
      })).setCoder(writes.getCoder()).apply(write);
    }
  }

  private static void mark(Path store, String runId, String stateLocation) {
    try (LastWriters writers = StoreSpec.sqlite(store).openLastWriters()) {
      writers.put(new LastWriters.LastWriter("profiles", runId, stateLocation, Instant.now()));
    }
  }

  /** A dry run writes nothing, so it marks nothing. */
  @Test
  public void aDryRunLeavesTheLastWriterAsItWas() throws IOException {
    Path root = temp.getRoot().toPath();
    Path store = root.resolve("cache.db");
    run(FIXTURE, store, root.resolve("state"), "r1");
    PrecomputeRunner.dryRun(JOBS, options(FIXTURE), settings(store, root.resolve("other"), "r2"),
        result -> { });
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
