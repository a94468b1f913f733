package com.avalo.precompute.cli;

import com.avalo.precompute.io.PrecomputeJob;
import com.avalo.precompute.io.PrecomputeOptions;
import com.avalo.precompute.io.RunSummary;
import com.avalo.precompute.schedule.Problem;
import com.avalo.precompute.schedule.Schedule;
import com.avalo.precompute.schedule.SchedulesException;
import com.avalo.precompute.schedule.SchedulesFile;
import com.avalo.precompute.schedule.SchedulesReader;
import com.avalo.precompute.schedule.WindowLaunch;
import com.avalo.precompute.serving.store.AttemptKey;
import com.avalo.precompute.serving.store.Lease;
import com.avalo.precompute.serving.store.LedgerAttempt;
import com.avalo.precompute.serving.store.RunLedger;
import java.io.PrintStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.beam.sdk.PipelineResult;

/**
 * Windows of a schedule run from the command line ({@code run --schedule}, {@code scheduler}):
 * the schedule from its file, where to read and write from the command's flags, and the rest
 * through {@link WindowLaunch}, the launcher's own code path.
 */
final class ScheduledRuns {
  private ScheduledRuns() {}

  /** {@code precompute run JOB... --schedule NAME}: 0 when it ran or was not needed, 1 when it failed. */
  static int runOne(RunCommand command, Clock clock) {
    Schedule schedule = find(load(command.schedulesFile), command.schedule);
    List<String> given = Jobs.named(command.jobNames).stream().map(PrecomputeJob::name).toList();
    if (!new HashSet<>(given).equals(new HashSet<>(schedule.jobNames()))) {
      throw new IllegalArgumentException("schedule '" + schedule.name() + "' runs "
          + String.join(", ", schedule.jobNames()) + ", not " + String.join(", ", given)
          + ": a window runs exactly its schedule's jobs (precompute run "
          + String.join(" ", schedule.jobNames()) + " --schedule " + schedule.name() + ")");
    }
    WindowLaunch launch = prepare(command, schedule, command.window, command.force, clock,
        WindowLaunch.owner("precompute run"));
    try (RunLedger ledger = launch.settings().store().openLedger()) {
      if (!command.force) {
        launch.refuseIfSuperseded(ledger, ", or add --force to run this one anyway");
      }
      // Ctrl-C or SIGTERM must not leave the window RUNNING until its lease runs out (an hour by
      // default), refusing every rerun meanwhile: the attempt is recorded as interrupted.
      CountDownLatch finished = new CountDownLatch(1);
      Object ledgerInUse = new Object();
      Thread onStop = new Thread(() -> {
        launch.interrupt(RUN_INTERRUPTED);
        try {
          // A runner that can be cancelled lets runWindow record it; embedded Flink cannot be.
          if (!finished.await(INTERRUPT_GRACE_SECONDS, TimeUnit.SECONDS)) {
            synchronized (ledgerInUse) {
              if (finished.getCount() > 0) { // else the ledger is closed or closing
                launch.recordInterruption(ledger);
              }
            }
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
          System.err.println("warning: could not record the interruption in " + ledger.describe()
              + " (" + e.getMessage() + "); the window is taken over once its lease runs out");
        }
      }, "run-stop");
      try {
        Runtime.getRuntime().addShutdownHook(onStop);
      } catch (IllegalStateException shuttingDown) {
        return 130; // stopped before the run began: nothing was taken or written
      }
      try {
        return runWindow(launch, ledger, System.out, result -> { });
      } finally {
        synchronized (ledgerInUse) {
          finished.countDown();
        }
        removeHook(onStop);
      }
    }
  }

  static final String RUN_INTERRUPTED =
      "interrupted: precompute run was stopped (Ctrl-C or SIGTERM) before the run finished";
  /** How long a stopped run may take to record its own interruption before the hook does. */
  private static final int INTERRUPT_GRACE_SECONDS = 10;

  /** Takes {@code hook} off when its run ended by itself; while it runs it stays and does its work. */
  static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // The hook is running: it records the interruption itself.
    }
  }

  /**
   * Whether a newer window of {@code schedule} makes an older one pointless: its jobs all write the
   * state as of the run ({@link PrecomputeJob#newerWindowsSupersede}).
   */
  static boolean superseding(Schedule schedule) {
    return Jobs.named(schedule.jobNames()).stream().allMatch(PrecomputeJob::newerWindowsSupersede);
  }

  /**
   * Reads a schedules file.
   *
   * @throws IllegalArgumentException with its first problem, as {@code FILE:LINE: message}
   */
  static SchedulesFile load(String file) {
    try {
      return new SchedulesReader(Jobs.all()).load(file, Map.of());
    } catch (SchedulesException e) {
      Problem first = e.problems().get(0);
      int more = e.problems().size() - 1;
      throw new IllegalArgumentException(first + (more == 0 ? "" : " (and " + more + " more: precompute"
          + " schedules validate " + file + ")"));
    }
  }

  /** The schedule named {@code name}, or one line naming those there are. */
  static Schedule find(SchedulesFile file, String name) {
    return file.schedule(name).orElseThrow(() -> new IllegalArgumentException("no schedule '" + name
        + "' in " + file.file() + "; its schedules are " + String.join(", ",
            file.schedules().stream().map(Schedule::name).toList())));
  }

  /**
   * Prepares a window of {@code schedule} with the command's flags (runner, source, store, Beam
   * options) and the schedule's own job options, which the command may not set differently.
   */
  static WindowLaunch prepare(RunCommand command, Schedule schedule, String window, boolean force,
      Clock clock, String owner) {
    List<String> given = RunCommand.names(command.beamArgs);
    List<String> scheduleOptions = new ArrayList<>();
    schedule.jobOptions().forEach((name, value) -> {
      if (given.contains(name)) {
        throw new IllegalArgumentException("--" + name + " is set by schedule '" + schedule.name()
            + "' (" + name + ": " + value + "); a window runs with its schedule's options");
      }
      scheduleOptions.add("--" + name + "=" + value);
    });
    List<PrecomputeJob> jobs = Jobs.named(schedule.jobNames());
    PrecomputeOptions options = command.options(jobs, scheduleOptions);
    return WindowLaunch.prepare(schedule.timing(), window, force, jobs, options,
        command.settings(options), clock, owner);
  }

  /**
   * Takes the window's lease and runs it with a progress bar, printing what it did and what the
   * ledger holds; a window that succeeded or is running is said and not run.
   *
   * @return 0 when it ran or was not needed, 1 when it failed (said on stderr)
   */
  static int runWindow(WindowLaunch launch, RunLedger ledger, PrintStream out,
      Consumer<PipelineResult> whileRunning) {
    Lease lease = launch.acquire(ledger);
    if (!(lease instanceof Lease.Granted granted)) {
      out.println(launch.describe() + ": " + lease.message());
      return 0;
    }
    System.err.println(launch.describe() + ": " + granted.message());
    try {
      RunSummary summary = RunCommand.withProgress(launch.timing().name(),
          watch -> launch.runAndWait(ledger, granted, whileRunning.andThen(watch)));
      out.print(summary.describe());
      AttemptKey key = AttemptKey.of(granted.record(), granted.attempt());
      String state = ledger.get(key.schedule(), key.windowStart())
          .flatMap(record -> record.attempt(key.attempt())).map(LedgerAttempt::state)
          .map(Enum::name).orElse("missing");
      out.printf(Locale.ROOT,
          "  ledger:            %s, attempt %d %s (%s)%n", launch.describe(), key.attempt(),
          state, ledger.describe());
      return 0;
    } catch (WindowLaunch.LaunchFailedException e) {
      System.err.println("error: " + e.getMessage());
      return 1;
    }
  }
}
