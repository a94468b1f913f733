package com.avalo.precompute.incremental;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.avalo.precompute.incremental.ManifestRecord.Status;
import com.avalo.precompute.schemas.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class StateFileIndexTest {
  private static final String STORE = "sqlite:/data/cache.db";
  private static final int RUNS_PER_JOB = 25;

  @Rule public TemporaryFolder dir = new TemporaryFolder();

  /** A run's summary names the files its jobs' records are in, not a placeholder. */
  @Test
  public void aRunsSummaryNamesItsJobsFiles() {
    StateFileIndex index = new StateFileIndex("/data/cache.db.state");
    assertEquals("/data/cache.db.state/state/chats.json", index.describe(List.of("chats")));
    assertEquals("/data/cache.db.state/state/{chats,counts}.json",
        index.describe(List.of("chats", "counts")));
  }

  /**
   * Each index stands for another process (chats and counts launched by the same tick): they share
   * nothing but the files, so each job's records must survive the others' writes.
   */
  @Test
  public void jobsRecordingAtTheSameTimeKeepEachOthersRecords() throws Exception {
    String location = dir.getRoot().toString();
    List<String> jobs = List.of("chats", "counts", "feeds", "profiles");
    CyclicBarrier together = new CyclicBarrier(jobs.size());
    ExecutorService threads = Executors.newFixedThreadPool(jobs.size());
    try {
      List<Future<?>> done = new ArrayList<>();
      for (String job : jobs) {
        done.add(threads.submit(() -> {
          StateFileIndex index = new StateFileIndex(location);
          for (int run = 0; run < RUNS_PER_JOB; run++) {
            together.await();
            index.recordStarted(List.of(record(job + "-" + run, job, Status.STARTED)));
            together.await();
            index.recordEnded(List.of(record(job + "-" + run, job, Status.COMMITTED)));
          }
          return null;
        }));
      }
      for (Future<?> each : done) {
        each.get();
      }
    } finally {
      threads.shutdownNow();
    }

    StateFileIndex index = new StateFileIndex(location);
    for (String job : jobs) {
      for (int run = 0; run < RUNS_PER_JOB; run++) {
        assertEquals(job + "-" + run, List.of(record(job + "-" + run, job, Status.COMMITTED)),
            index.ofRun(job + "-" + run));
      }
      assertEquals(record(job + "-" + (RUNS_PER_JOB - 1), job, Status.COMMITTED),
          index.latest(job, STORE).orElseThrow());
    }
  }

  @Test
  public void recordsOfTheSingleStateFileOfEarlierVersionsAreStillFound() throws Exception {
    Path legacy = dir.getRoot().toPath().resolve(StateFileIndex.LEGACY_FILE_NAME);
    String legacyText = Json.writePretty(List.of(record("old-1", "feeds", Status.COMMITTED),
        record("old-1", "chats", Status.COMMITTED), record("old-2", "feeds", Status.STARTED)));
    Files.writeString(legacy, legacyText);
    StateFileIndex index = new StateFileIndex(dir.getRoot().toString());

    assertEquals(record("old-2", "feeds", Status.STARTED), index.latest("feeds", STORE).orElseThrow());
    // A run started under the old layout ends under the new one: its end overrides its start.
    index.recordEnded(List.of(record("old-2", "feeds", Status.FAILED)));
    assertEquals(List.of(record("old-2", "feeds", Status.FAILED)), index.ofRun("old-2"));
    assertEquals(record("old-2", "feeds", Status.FAILED), index.latest("feeds", STORE).orElseThrow());
    index.recordStarted(List.of(record("new-1", "feeds", Status.STARTED)));
    assertEquals(record("new-1", "feeds", Status.STARTED), index.latest("feeds", STORE).orElseThrow());
    assertEquals(record("old-1", "chats", Status.COMMITTED), index.latest("chats", STORE).orElseThrow());
    assertEquals(2, index.ofRun("old-1").size());
    assertEquals("the old file is left as it was", legacyText, Files.readString(legacy));
  }

  /**
   * An earlier build run again after this one (a rollback, then a roll forward) adds its runs to
   * the single file: they are the store's newest runs, and the next run must diff against them,
   * not against the older manifest of the job's own file.
   */
  @Test
  public void runsAnEarlierBuildAddedToTheSingleFileLaterAreTheLatest() throws Exception {
    StateFileIndex index = new StateFileIndex(dir.getRoot().toString());
    index.recordStarted(List.of(record("new-1", "feeds", Status.STARTED)));
    index.recordEnded(List.of(record("new-1", "feeds", Status.COMMITTED)));
    ManifestRecord rolledBack = new ManifestRecord("old-3", "feeds", STORE,
        Instant.parse("2026-11-21T00:00:00Z"), Instant.parse("2026-11-21T00:01:00Z"),
        Status.COMMITTED, "/state/manifests/feeds/old-3", new ManifestRecord.Counts(1, 2, 3, 4));
    Files.writeString(dir.getRoot().toPath().resolve(StateFileIndex.LEGACY_FILE_NAME),
        Json.writePretty(List.of(rolledBack)));

    assertEquals(rolledBack, index.latest("feeds", STORE).orElseThrow());
    assertEquals(List.of(record("new-1", "feeds", Status.COMMITTED), rolledBack),
        index.read());
  }

  @Test
  public void anUnreadableJobFileIsAnErrorNamingIt() throws Exception {
    StateFileIndex index = new StateFileIndex(dir.getRoot().toString());
    index.recordStarted(List.of(record("r1", "feeds", Status.STARTED)));
    Files.writeString(Path.of(index.file("feeds")), "[ {\"runId\" : ");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> index.latest("feeds", STORE));
    assertTrue(e.getMessage(), e.getMessage().startsWith(index.file("feeds") + " is not a state file"));
  }

  /** A hand-edited null read as no list (or a null record), then failed as a bare NPE. */
  @Test
  public void aNullStateFileIsAnErrorNamingIt() throws Exception {
    StateFileIndex index = new StateFileIndex(dir.getRoot().toString());
    index.recordStarted(List.of(record("r1", "feeds", Status.STARTED)));
    for (String edited : List.of("null", "[null]")) {
      Files.writeString(Path.of(index.file("feeds")), edited);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> index.latest("feeds", STORE));
      assertTrue(e.getMessage(), e.getMessage().startsWith(index.file("feeds")
          + " is not a state file of run manifests (it "));
    }
  }

  private static ManifestRecord record(String runId, String job, Status status) {
    return new ManifestRecord(runId, job, STORE, Instant.parse("2026-11-20T00:00:00Z"),
        Instant.parse("2026-11-20T00:01:00Z"), status, "/state/manifests/" + job + "/" + runId,
        status == Status.STARTED ? null : new ManifestRecord.Counts(1, 2, 3, 4));
  }
}
