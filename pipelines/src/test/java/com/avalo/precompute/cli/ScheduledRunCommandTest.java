package com.avalo.precompute.cli;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.avalo.precompute.schedule.SchedulesFixture;
import com.avalo.precompute.schemas.CacheDocument;
import com.avalo.precompute.serving.store.CacheStore;
import com.avalo.precompute.serving.store.LedgerAttempt;
import com.avalo.precompute.serving.store.LedgerRecord;
import com.avalo.precompute.serving.store.RunLedger;
import com.avalo.precompute.serving.store.RunState;
import com.avalo.precompute.serving.store.StoreSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * {@code precompute run JOB... --schedule NAME}: one window through the run ledger, as of its end,
 * expiring with the schedule; a second launch does nothing; bad input is one line and writes
 * nothing.
 */
public class ScheduledRunCommandTest {
  @Rule public final TemporaryFolder dir = new TemporaryFolder();

  private static final String INPUT = "--input=src/test/resources/fixtures/small";
  private static final Instant START = Instant.parse("2026-11-20T10:00:00Z");
  private Path schedules;
  private Path db;

  @Before
  public void files() throws Exception {
    schedules = dir.getRoot().toPath().resolve("schedules.yaml");
    Files.writeString(schedules, SchedulesFixture.VALID);
    db = dir.getRoot().toPath().resolve("cache.db");
  }

  private CliRuns.Result chats(String... more) {
    return chatsOver(INPUT, more);
  }

  private CliRuns.Result chatsOver(String input, String... more) {
    List<String> args = new java.util.ArrayList<>(List.of("run", "chats", "--schedule", "chats",
        "--schedules", schedules.toString(), input, "--store=sqlite:" + db));
    args.addAll(List.of(more));
    return CliRuns.run(args.toArray(String[]::new));
  }

  private LedgerRecord record() {
    try (RunLedger ledger = StoreSpec.sqlite(db).openLedger()) {
      return ledger.get("chats", START).orElseThrow();
    }
  }

  @Test
  public void theLedgersCostCountsTheStampsARunReadsFromTheStore() {
    assertEquals(0, chats("--window", "2026-11-20T10:00:00Z").exitCode());
    // --full: no manifest trusted, so the run reads every stamp of its job from the store, each a
    // billed read on Firestore.
    CliRuns.Result full = chats("--window", "2026-11-20T10:00:00Z", "--force", "--full");
    assertEquals(full.err(), 0, full.exitCode());
    java.util.regex.Matcher read = java.util.regex.Pattern.compile("([0-9,]+) stamps read")
        .matcher(full.out());
    assertTrue(full.out(), read.find());
    long stampsRead = Long.parseLong(read.group(1).replace(",", ""));
    assertTrue(full.out(), stampsRead > 0);
    LedgerAttempt attempt = record().latest();
    // List prices: $0.18, $0.02 and $0.06 per 100,000 writes, deletes and reads; no dead letters.
    assertEquals(0, attempt.counts().totalDeadLetters());
    assertEquals((attempt.counts().documentsWritten() * 0.18 + attempt.counts().documentsDeleted()
        * 0.02 + stampsRead * 0.06) / 100_000, attempt.estimatedCostUsd(), 1e-12);
  }

  /**
   * Each distinct dead letter is a document written to Firestore's dead-letter collection, and
   * billed; its copies are one document (a message exported twice that names a missing chat).
   */
  @Test
  public void theCostCountsOneWriteForEachDistinctDeadLetter() throws Exception {
    Path input = dir.newFolder("bad-twice").toPath();
    try (var files = Files.list(Path.of("src/test/resources/fixtures/bad"))) {
      for (Path file : files.toList()) {
        Files.copy(file, input.resolve(file.getFileName()));
      }
    }
    Files.writeString(input.resolve("messages.ndjson"), "{\"id\":\"msg10\",\"chatId\":\"nochat\","
        + "\"senderId\":\"bob02\",\"text\":\"lost\",\"sentAt\":\"2026-11-02T12:30:00Z\"}\n",
        java.nio.file.StandardOpenOption.APPEND);
    CliRuns.Result run = chatsOver("--input=" + input, "--window", "2026-11-20T10:00:00Z");
    assertEquals(run.err(), 0, run.exitCode());
    java.util.regex.Matcher lettered = java.util.regex.Pattern.compile(
        "dead-lettered: +([0-9,]+) ").matcher(run.out());
    assertTrue(run.out(), lettered.find());
    long deadLetters = Long.parseLong(lettered.group(1).replace(",", ""));
    LedgerAttempt attempt = record().latest();
    assertEquals("the summary and the ledger count the same dead letters", deadLetters,
        attempt.counts().totalDeadLetters());
    // The letters as the run's files hold them, one line each: a copy is the same line.
    List<String> lines = new java.util.ArrayList<>();
    try (var files = Files.walk(db.resolveSibling("dead-letters"))) {
      for (Path file : files.filter(f -> f.getFileName().toString().startsWith("dead-letters-"))
          .toList()) {
        lines.addAll(Files.readAllLines(file).stream().filter(line -> !line.isBlank()).toList());
      }
    }
    assertEquals(deadLetters, lines.size());
    long documents = lines.stream().distinct().count();
    assertEquals("the message twice is one document", deadLetters - 1, documents);
    assertThat(run.out(), containsString(" " + documents + " dead-letter documents written;"));
    // List prices: $0.18 per 100,000 writes, $0.02 per 100,000 deletes.
    double expected = (attempt.counts().documentsWritten() + documents) * 0.18 / 100_000
        + attempt.counts().documentsDeleted() * 0.02 / 100_000;
    assertEquals(expected, attempt.estimatedCostUsd(), 1e-12);
    assertThat(run.out(), containsString(String.format(java.util.Locale.US, "firestore cost:    $%.4f",
        expected)));
  }

  @Test
  public void aWindowRunsOnceAsOfItsEndAndItsDocumentsExpireWithTheSchedule() {
    CliRuns.Result first = chats("--window", "2026-11-20T10:00:00Z");
    assertEquals(first.err(), 0, first.exitCode());
    assertThat(first.out(), containsString("as of 2026-11-20T10:10:00Z"));
    assertThat(first.out(), containsString("ledger:            schedule 'chats' window"
        + " [2026-11-20T10:00:00Z, 2026-11-20T10:10:00Z), attempt 1 SUCCEEDED"));

    LedgerAttempt attempt = record().latest();
    assertEquals(RunState.SUCCEEDED, attempt.state());
    assertEquals(List.of("chats"), attempt.jobs());
    assertTrue(attempt.counts().documentsWritten() > 0);
    // What the pipeline counted is what the run's summary, from the runner's metrics, says.
    assertThat(first.out(), containsString("documents written: " + attempt.counts().documentsWritten()
        + "  (deleted " + attempt.counts().documentsDeleted() + ", unchanged "
        + attempt.counts().documentsUnchanged() + ")"));
    assertTrue("the ledger keeps the run's cost", attempt.estimatedCostUsd() > 0);
    assertEquals(1, attempt.manifests().size());
    assertTrue("records read come from the metrics of a run waited for",
        attempt.counts().totalRead() > 0);
    try (CacheStore store = StoreSpec.sqlite(db).openExisting()) {
      List<String> keys = store.keysWithPrefix("chats:", 100);
      assertEquals(attempt.counts().documentsWritten().longValue(), keys.size());
      for (CacheDocument document : store.getAll(keys).values()) {
        assertEquals(Instant.parse("2026-11-20T10:10:00Z"), document.asOf());
        // The next tick (10:20) plus the schedule's grace, PT30M, whatever the type's freshness.
        assertEquals(Instant.parse("2026-11-20T10:50:00Z"), document.expiresAt());
        assertEquals(attempt.runId(), document.runId());
      }
    }

    CliRuns.Result again = chats("--window", "2026-11-20T10:00Z");
    assertEquals(again.err(), 0, again.exitCode());
    assertThat(again.out(), containsString(": already succeeded at " + attempt.finishedAt()
        + " (attempt 1, run " + attempt.runId() + "); --force runs it again"));
    assertEquals(1, record().attempts().size());

    CliRuns.Result forced = chats("--window", "2026-11-20T10:00:00Z", "--force");
    assertEquals(forced.err(), 0, forced.exitCode());
    LedgerRecord afterForce = record();
    assertEquals(List.of(RunState.SUCCEEDED, RunState.SUCCEEDED),
        afterForce.attempts().stream().map(LedgerAttempt::state).toList());
    assertTrue(afterForce.latest().forced());
  }

  @Test
  public void aLocalRunThatFailsAfterItsDocumentsRecordsWhyAndTheNextLaunchRunsItAgain() throws Exception {
    Path letters = dir.newFolder("letters").toPath();
    // Where the run's dead-letter file goes, a directory: the run takes its id and writes its
    // documents, then cannot put its dead letters there.
    Files.createDirectories(letters.resolve("not-a-directory")
        .resolve("dead-letters-00000-of-00001.ndjson"));
    CliRuns.Result failed = chats("--window", "2026-11-20T10:00:00Z", "--dead-letter-dir",
        letters.toString(), "--run-id", "not-a-directory");
    assertEquals(failed.out() + failed.err(), 1, failed.exitCode());
    assertThat(failed.err(), containsString("error: schedule 'chats' window [2026-11-20T10:00:00Z,"
        + " 2026-11-20T10:10:00Z): attempt 1 failed: "));
    assertThat(failed.err(), containsString("(recorded in sqlite:" + db));
    LedgerAttempt attempt = record().latest();
    assertEquals(RunState.FAILED, attempt.state());
    assertTrue(attempt.failureReason(), attempt.failureReason().contains("not-a-directory"));
    try (CacheStore store = StoreSpec.sqlite(db).openExisting()) {
      assertFalse("documents written before the failure", store.keysWithPrefix("chats:", 10).isEmpty());
    }

    CliRuns.Result retried = chats("--window", "2026-11-20T10:00:00Z");
    assertEquals(retried.err(), 0, retried.exitCode());
    assertEquals(List.of(RunState.FAILED, RunState.SUCCEEDED),
        record().attempts().stream().map(LedgerAttempt::state).toList());
  }

  @Test
  public void aLocalRunIsCancelledWhenItsLeaseRunsOutAndTheFailureSaysSo() throws Exception {
    // A lease of a millisecond runs out before any pipeline can finish.
    Files.writeString(schedules, SchedulesFixture.VALID.replace("  expiryGrace: PT30M\n",
        "  expiryGrace: PT30M\n  maxRunTime: PT0.001S\n"));
    // Only a runner whose run() returns while the pipeline runs can be cancelled at the lease's
    // end; embedded Flink's run() returns when it is done.
    CliRuns.Result cut = chats("--window", "2026-11-20T10:00:00Z", "--runner=DirectRunner");
    assertEquals(cut.out() + cut.err(), 1, cut.exitCode());
    LedgerAttempt attempt = record().latest();
    assertEquals(RunState.FAILED, attempt.state());
    assertThat(attempt.failureReason(), startsWith("ran past its lease (maxRunTime PT0.001S, until "
        + attempt.leaseUntil() + "): cancelled, so the next launch can take the window over"));
  }

  @Test
  public void badInputIsOneLineExitTwoAndWritesNothing() throws Exception {
    Path broken = dir.getRoot().toPath().resolve("broken.yaml");
    Files.writeString(broken, SchedulesFixture.VALID.replace("\"*/10 * * * *\"", "\"*/10 * *\"")
        .replace("lateBuckets: 2", "lateBuckets: two"));
    assertOneErrorLine(CliRuns.run("run", "chats", "--schedule", "chats", "--schedules", broken.toString(),
        INPUT, "--store=sqlite:" + db), "error: " + broken + ":19: cron '*/10 * *' is not a 5-field"
        + " unix-cron", "(and 1 more: precompute schedules validate " + broken + ")");
    assertOneErrorLine(CliRuns.run("run", "chats", "--schedule", "chat",
        "--schedules", schedules.toString(), INPUT, "--store=sqlite:" + db),
        "error: no schedule 'chat' in " + schedules + "; its schedules are chats, analytics", "");
    Files.deleteIfExists(db);
    assertOneErrorLine(chats("--window", "yesterday"),
        "error: --window 'yesterday' is not an RFC 3339 instant such as 2026-11-20T10:00:00Z", "");
    assertOneErrorLine(chats("--window", "2026-11-20T10:03:00Z"), "error: --window of schedule 'chats':"
        + " window start 2026-11-20T10:03:00Z is not a tick of cron '*/10 * * * *' in Etc/UTC (the tick"
        + " before is 2026-11-20T10:00:00Z)", "");
    // A mistyped year: documents as of the future, and every later window refused as older.
    assertOneErrorLine(chats("--window", "2099-01-01T00:00:00Z"), "error: --window of schedule"
        + " 'chats': window [2099-01-01T00:00:00Z, 2099-01-01T00:10:00Z) has not ended yet (now ", "");
    assertOneErrorLine(CliRuns.run("run", "counts", "--schedule", "chats", "--schedules",
        schedules.toString(), INPUT, "--store=sqlite:" + db), "error: schedule 'chats' runs chats, not"
        + " counts: a window runs exactly its schedule's jobs (precompute run chats --schedule chats)", "");
    assertOneErrorLine(chats("--as-of", "2026-11-20"), "error: a scheduled run is computed as of its"
        + " window's end", "");
    assertFalse("nothing was written", Files.exists(db));

    Path notADirectory = dir.newFile("plain-file").toPath();
    assertOneErrorLine(CliRuns.run("run", "chats", "--schedule", "chats", "--schedules",
        schedules.toString(), INPUT, "--store=sqlite:" + notADirectory.resolve("cache.db")),
        "error: cannot open the embedded store at " + notADirectory.resolve("cache.db"), "");
  }

  @Test
  public void aScheduleOptionCannotBeSetDifferentlyOnTheCommandLine() {
    assertOneErrorLine(CliRuns.run("run", "analytics", "--schedule", "analytics", "--schedules",
        schedules.toString(), INPUT, "--store=sqlite:" + db, "--lateBuckets=5"),
        "error: --lateBuckets is set by schedule 'analytics' (lateBuckets: 2)", "");
    assertOneErrorLine(CliRuns.run("run", "chats", INPUT, "--store=sqlite:" + db, "--force"),
        "error: --window, --force and --schedules go with --schedule NAME", "");
    // A schedules file without a schedule of it would run the job once, as by hand.
    assertOneErrorLine(CliRuns.run("run", "chats", INPUT, "--store=sqlite:" + db, "--schedules",
        schedules.toString()), "error: --window, --force and --schedules go with --schedule NAME",
        "");
    assertOneErrorLine(CliRuns.run("run", "chats", INPUT, "--store=firestore",
        "--firestore-project=p", "--emulator-host=127.0.0.1:1", "--dead-letter-dir=letters"),
        "error: --dead-letter-dir is where the embedded store's runs write dead letters; a run into"
            + " Firestore writes them to the collection --deadLetterCollection"
            + " (precompute_dead_letters): leave --dead-letter-dir out", "");
  }

  @Test
  public void aWindowOlderThanOneThatSucceededIsRefusedUnlessForced() {
    CliRuns.Result newer = chats("--window", "2026-11-20T10:10:00Z");
    assertEquals(newer.err(), 0, newer.exitCode());
    assertOneErrorLine(chats("--window", "2026-11-20T10:00:00Z"),
        "error: window 2026-11-20T10:00:00Z of schedule 'chats' is older than window"
            + " 2026-11-20T10:10:00Z, which succeeded;",
        "Run the latest window, or add --force to run this one anyway");
    CliRuns.Result forced = chats("--window", "2026-11-20T10:00:00Z", "--force");
    assertEquals(forced.err(), 0, forced.exitCode());
    assertEquals(RunState.SUCCEEDED, record().latest().state());
  }

  /**
   * An analytics window rerun after a newer one succeeded (a skipped tick rerun by hand, a failed
   * one retried) leaves the buckets still in progress at its end as the newer run wrote them: as
   * of its own end they hold fewer events (here none of 11:30's).
   */
  @Test
  public void anOlderAnalyticsWindowLeavesTheNewerWindowsInProgressBucketsAlone() throws Exception {
    Path input = dir.newFolder("input").toPath();
    try (var files = Files.list(Path.of("src/test/resources/fixtures/small"))) {
      for (Path file : files.toList()) {
        Files.copy(file, input.resolve(file.getFileName()));
      }
    }
    Files.writeString(input.resolve("events.ndjson"), "{\"id\":\"e3\",\"type\":\"session_start\","
        + "\"userId\":\"alice01\",\"at\":\"2026-11-20T11:30:00Z\"}\n",
        java.nio.file.StandardOpenOption.APPEND);
    java.util.function.Function<String, CliRuns.Result> analytics = window -> CliRuns.run("run",
        "analytics", "--schedule", "analytics", "--schedules", schedules.toString(),
        "--input=" + input, "--store=sqlite:" + db, "--window", window);

    CliRuns.Result newer = analytics.apply("2026-11-20T11:05:00Z");
    assertEquals(newer.err(), 0, newer.exitCode());
    java.util.Map<String, String> written = inProgressAt("2026-11-20T11:05:00Z");
    assertFalse(written.isEmpty());

    CliRuns.Result older = analytics.apply("2026-11-20T10:05:00Z");
    assertEquals(older.err(), 0, older.exitCode());
    assertEquals(written, inProgressAt("2026-11-20T11:05:00Z"));
    assertThat(older.err(), containsString("the newer window 2026-11-20T11:05:00Z succeeded, so"
        + " this run writes only what has ended by 2026-11-20T11:05:00Z"));
  }

  /** The content hashes of the analytics documents whose buckets are in progress at {@code at}. */
  private java.util.Map<String, String> inProgressAt(String at) {
    Instant instant = Instant.parse(at);
    java.util.Map<String, String> hashes = new java.util.TreeMap<>();
    try (CacheStore store = StoreSpec.sqlite(db).openExisting()) {
      List<String> keys = store.keysWithPrefix("analytics:", 10_000);
      store.getAll(keys).forEach((key, document) -> {
        String period = key.substring(key.lastIndexOf(':') + 1);
        if (!period.matches("\\d{4}-\\d{2}-\\d{2}")
            && !period.matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}")) {
          return; // weeks, months and cohorts: in progress at both windows' ends
        }
        com.avalo.precompute.analytics.Bucket bucket =
            com.avalo.precompute.analytics.Bucket.parse(period, java.time.ZoneOffset.UTC);
        if (bucket.contains(instant)) {
          hashes.put(key, document.contentHash());
        }
      });
    }
    return hashes;
  }

  private static void assertOneErrorLine(CliRuns.Result result, String start, String end) {
    assertEquals(result.err(), 2, result.exitCode());
    assertThat(result.err(), startsWith(start));
    assertTrue(result.err(), result.err().strip().endsWith(end));
    assertEquals(result.err(), 1, result.err().lines().count());
    assertEquals("", result.out());
  }
}
