package com.avalo.precompute.cli;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.avalo.precompute.serving.store.LedgerAttempt;
import com.avalo.precompute.serving.store.LedgerRecord;
import com.avalo.precompute.serving.store.RunLedger;
import com.avalo.precompute.serving.store.RunState;
import com.avalo.precompute.serving.store.StoreSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * {@code precompute scheduler} in a JVM of its own on the embedded store: SIGTERM during a run
 * stops it cleanly and records the attempt as interrupted, and a restart ({@code --once}) runs
 * that window again, the ledger being its memory.
 */
public class SchedulerIT {
  @Rule public final TemporaryFolder dir = new TemporaryFolder();

  @Test
  public void sigtermDuringARunRecordsItInterruptedAndARestartRunsItAgain() throws Exception {
    Path root = dir.getRoot().toPath();
    // Hourly: the window a restart finds due is still the one the stopped run was computing.
    Path schedules = ScheduledLaunchesContract.schedules(root, "hourly", "0 * * * *", "PT10M");
    Path db = root.resolve("cache.db");
    // The DirectRunner's run can be cancelled mid-way; embedded Flink's run() returns only at its
    // end, so SIGTERM there lets it finish (up to 30 s) before it is recorded interrupted.
    List<String> args = List.of("scheduler", "--schedules", schedules.toString(),
        "--input=src/test/resources/fixtures/small", "--store=sqlite:" + db, "--runner=DirectRunner");

    CliProcess scheduler = CliProcess.start(root, "scheduler", args);
    LedgerRecord running = awaitRunning(scheduler, db);
    scheduler.terminate();
    assertEquals(scheduler.out() + scheduler.err(), 143, scheduler.waitFor(3));
    assertThat(scheduler.out(), containsString("scheduler stopped"));

    LedgerRecord interrupted;
    try (RunLedger ledger = StoreSpec.sqlite(db).openLedger()) {
      interrupted = ledger.get("profiles", running.windowStart()).orElseThrow();
    }
    LedgerAttempt attempt = interrupted.latest();
    assertEquals(RunState.FAILED, attempt.state());
    assertEquals("interrupted: the scheduler was stopped (SIGTERM) before the run finished",
        attempt.failureReason());

    CliRuns.Result restart = CliRuns.run(args.get(0), args.get(1), args.get(2), args.get(3), args.get(4),
        args.get(5), "--once");
    assertEquals(restart.err(), 0, restart.exitCode());
    assertThat(restart.out(), containsString("schedule 'profiles' window " + "[" + running.windowStart()));
    try (RunLedger ledger = StoreSpec.sqlite(db).openLedger()) {
      LedgerRecord after = ledger.get("profiles", running.windowStart()).orElseThrow();
      assertEquals(List.of(RunState.FAILED, RunState.SUCCEEDED),
          after.attempts().stream().map(LedgerAttempt::state).toList());
    }
  }

  /** As cron or a systemd timer stops it: the window must not stay RUNNING until maxRunTime. */
  @Test
  public void sigtermDuringAOnceRunRecordsItInterrupted() throws Exception {
    Path root = dir.getRoot().toPath();
    Path schedules = ScheduledLaunchesContract.schedules(root, "hourly", "0 * * * *", "PT10M");
    Path db = root.resolve("cache.db");
    CliProcess scheduler = CliProcess.start(root, "scheduler-once", List.of("scheduler", "--once",
        "--schedules", schedules.toString(), "--input=src/test/resources/fixtures/small",
        "--store=sqlite:" + db, "--runner=DirectRunner"));
    LedgerRecord running = awaitRunning(scheduler, db);
    scheduler.terminate();
    assertEquals(scheduler.out() + scheduler.err(), 143, scheduler.waitFor(3));

    try (RunLedger ledger = StoreSpec.sqlite(db).openLedger()) {
      LedgerAttempt attempt = ledger.get("profiles", running.windowStart()).orElseThrow().latest();
      assertEquals(scheduler.err(), RunState.FAILED, attempt.state());
      assertEquals("interrupted: the scheduler was stopped (SIGTERM) before the run finished",
          attempt.failureReason());
    }
  }

  @Test
  public void sigtermDuringRunScheduleRecordsItInterruptedSoTheWindowCanRunAgainAtOnce()
      throws Exception {
    Path root = dir.getRoot().toPath();
    Path schedules = ScheduledLaunchesContract.schedules(root, "hourly", "0 * * * *", "PT10M");
    Path db = root.resolve("cache.db");
    List<String> args = List.of("run", "profiles", "--schedule", "profiles", "--schedules",
        schedules.toString(), "--input=src/test/resources/fixtures/small", "--store=sqlite:" + db,
        "--runner=DirectRunner");

    CliProcess run = CliProcess.start(root, "run-schedule", args);
    LedgerRecord running = awaitRunning(run, db);
    run.terminate();
    assertEquals(run.out() + run.err(), 143, run.waitFor(3));

    try (RunLedger ledger = StoreSpec.sqlite(db).openLedger()) {
      LedgerAttempt attempt = ledger.get("profiles", running.windowStart()).orElseThrow().latest();
      assertEquals(run.err(), RunState.FAILED, attempt.state());
      assertEquals(ScheduledRuns.RUN_INTERRUPTED, attempt.failureReason());
    }
    // Not "already running" until the lease runs out an hour later: the window runs again now.
    CliRuns.Result again = CliRuns.run(args.toArray(String[]::new));
    assertEquals(again.err(), 0, again.exitCode());
    try (RunLedger ledger = StoreSpec.sqlite(db).openLedger()) {
      assertEquals(List.of(RunState.FAILED, RunState.SUCCEEDED),
          ledger.get("profiles", running.windowStart()).orElseThrow().attempts().stream()
              .map(LedgerAttempt::state).toList());
    }
  }

  /** The window {@code process} holds RUNNING in the ledger, once it does (10 minutes at most). */
  private static LedgerRecord awaitRunning(CliProcess process, Path db) throws Exception {
    LedgerRecord running = null;
    for (int polls = 0; running == null; polls++) {
      assertTrue("the process ended: " + process.out() + process.err(), process.isAlive());
      assertTrue("no run started in 10 minutes", polls < 3000);
      Thread.sleep(200);
      running = runningRecord(db);
    }
    return running;
  }

  private static LedgerRecord runningRecord(Path db) {
    if (!Files.exists(db)) {
      return null;
    }
    try (RunLedger ledger = StoreSpec.sqlite(db).openLedger()) {
      Optional<LedgerRecord> newest = ledger.newest("profiles", 1).stream().findFirst();
      return newest.filter(record -> record.state() == RunState.RUNNING).orElse(null);
    }
  }
}
