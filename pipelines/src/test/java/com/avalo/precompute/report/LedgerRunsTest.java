package com.avalo.precompute.report;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import com.avalo.precompute.io.DeadLetter;
import com.avalo.precompute.serving.store.AttemptKey;
import com.avalo.precompute.serving.store.DeadLetterCount;
import com.avalo.precompute.serving.store.Lease;
import com.avalo.precompute.serving.store.LeaseRequest;
import com.avalo.precompute.serving.store.RunCounts;
import com.avalo.precompute.serving.store.RunLedger;
import com.avalo.precompute.serving.store.StoreSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The report's runs come from the ledger, with every figure it records, and hand runs beside. */
public class LedgerRunsTest {
  @Rule public final TemporaryFolder dir = new TemporaryFolder();

  private static final Instant WINDOW = Instant.parse("2026-11-20T10:00:00Z");

  @Test
  public void aScheduledRunCarriesItsCountsAndCostAndAnEmptyLedgerIsSaid() throws Exception {
    Path db = dir.getRoot().toPath().resolve("cache.db");
    StoreSpec.sqlite(db).open().close();
    RunHistory byHand = new DeadLetterFiles(dir.newFolder("dead-letters").toPath());
    try (RunLedger ledger = StoreSpec.sqlite(db).openLedger()) {
      LedgerRuns runs = new LedgerRuns(ledger, byHand);
      assertEquals(List.of(), runs.newest(10));
      assertTrue(runs.limitations().get(0).startsWith("The run ledger holds no runs yet"));

      Lease.Granted lease = (Lease.Granted) ledger.acquire(new LeaseRequest("chats", WINDOW,
          WINDOW.plus(Duration.ofMinutes(10)), "run-1", "test", List.of("chats"),
          WINDOW.plus(Duration.ofMinutes(10)), WINDOW.plusSeconds(620), Duration.ofMinutes(30), false));
      ledger.succeed(AttemptKey.of(lease.record(), lease.attempt()),
          new RunCounts(new TreeMap<>(Map.of("chats", 3L)), 5L, 40L, 1L,
              List.of(new DeadLetterCount("users", "malformed JSON", 2, "malformed JSON: x"))),
          0.0000092, List.of("state/manifests/chats/run-1/manifest.json"), WINDOW.plusSeconds(640));

      List<RunRecord> newest = runs.newest(10);
      assertEquals(1, newest.size());
      RunRecord run = newest.get(0);
      assertEquals("run-1", run.runId());
      assertEquals("chats", run.schedule());
      assertEquals("SUCCEEDED", run.state());
      assertEquals(Long.valueOf(5), run.documentsWritten());
      assertEquals(Long.valueOf(40), run.documentsUnchanged());
      assertEquals(Long.valueOf(1), run.documentsDeleted());
      assertEquals(Long.valueOf(3), run.recordsRead());
      assertEquals(0.0000092, run.estimatedCostUsd(), 1e-12);
      assertEquals(Duration.ofSeconds(20), run.duration());
      assertEquals(2, run.totalDeadLetters());
      assertTrue(runs.limitations().get(0).startsWith("Runs started by hand"));
    }
  }
  /** A failed attempt recorded no counts: its dead letters are unknown, or its files', never 0. */
  @Test
  public void aFailedAttemptsDeadLettersComeFromItsFilesOrAreUnknown() throws Exception {
    Path db = dir.getRoot().toPath().resolve("cache.db");
    StoreSpec.sqlite(db).open().close();
    Path letters = dir.newFolder("dead-letters").toPath();
    Files.createDirectories(letters.resolve("run-2"));
    Files.writeString(letters.resolve("run-2").resolve("dead-letters-00000-of-00001.ndjson"),
        DeadLetter.of("chats", "messages", "messages.ndjson:3", "malformed JSON: x", "{").toJson()
            + "\n");
    try (RunLedger ledger = StoreSpec.sqlite(db).openLedger()) {
      failed(ledger, "chats", "run-1", WINDOW);
      failed(ledger, "counts", "run-2", WINDOW.plus(Duration.ofHours(1)));
      LedgerRuns runs = new LedgerRuns(ledger, new DeadLetterFiles(letters));

      Map<String, RunRecord> byId = new TreeMap<>();
      runs.newest(10).forEach(run -> byId.put(run.runId(), run));
      assertEquals(List.of("run-1", "run-2"), List.copyOf(byId.keySet()));
      assertNull("nothing recorded, no files", byId.get("run-1").deadLetters());
      assertEquals("FAILED", byId.get("run-2").state());
      assertEquals(1, byId.get("run-2").totalDeadLetters());

      Section section = RunsSection.build(runs, 10);
      assertFalse(section.notices().toString(),
          section.notices().stream().anyMatch(notice -> notice.contains("dead-lettered anything")));
    }
  }

  /**
   * The newest runs by when they ran, not by when their windows started: a feeds window starts
   * six hours before it runs, after many chats windows have started.
   */
  @Test
  public void aLongWindowThatRanLastIsAmongTheNewestRuns() throws Exception {
    Path db = dir.getRoot().toPath().resolve("cache.db");
    StoreSpec.sqlite(db).open().close();
    Path letters = dir.newFolder("dead-letters").toPath();
    Files.createDirectories(letters.resolve("feeds-1"));
    Files.writeString(letters.resolve("feeds-1").resolve("dead-letters-00000-of-00001.ndjson"), "");
    Instant tick = Instant.parse("2026-11-20T18:20:00Z");
    try (RunLedger ledger = StoreSpec.sqlite(db).openLedger()) {
      for (int i = 3; i >= 1; i--) {
        Instant start = tick.minus(Duration.ofMinutes(10L * i));
        succeeded(ledger, "chats", "chats-" + i, start, start.plus(Duration.ofMinutes(10)),
            start.plus(Duration.ofMinutes(11)));
      }
      succeeded(ledger, "feeds", "feeds-1", tick.minus(Duration.ofHours(6)), tick,
          tick.plus(Duration.ofMinutes(15)));
      LedgerRuns runs = new LedgerRuns(ledger, new DeadLetterFiles(letters));

      List<RunRecord> newest = runs.newest(2);
      assertEquals(List.of("feeds-1", "chats-1"), newest.stream().map(RunRecord::runId).toList());
      assertEquals("a scheduled run, with what the ledger recorded", "feeds",
          newest.get(0).schedule());
      assertEquals(Long.valueOf(5), newest.get(0).documentsWritten());
    }
  }

  private static void succeeded(RunLedger ledger, String schedule, String runId, Instant start,
      Instant end, Instant finished) {
    Lease.Granted lease = (Lease.Granted) ledger.acquire(new LeaseRequest(schedule, start, end,
        runId, "test", List.of(schedule), end, end, Duration.ofMinutes(30), false));
    ledger.succeed(AttemptKey.of(lease.record(), lease.attempt()),
        new RunCounts(new TreeMap<>(Map.of(schedule, 3L)), 5L, 0L, 0L, List.of()), 0.00001,
        List.of(), finished);
  }

  private static void failed(RunLedger ledger, String schedule, String runId, Instant window) {
    Lease.Granted lease = (Lease.Granted) ledger.acquire(new LeaseRequest(schedule, window,
        window.plus(Duration.ofMinutes(10)), runId, "test", List.of(schedule),
        window.plus(Duration.ofMinutes(10)), window.plusSeconds(620), Duration.ofMinutes(30), false));
    ledger.fail(AttemptKey.of(lease.record(), lease.attempt()), "pipeline failed",
        window.plusSeconds(640));
  }
}
