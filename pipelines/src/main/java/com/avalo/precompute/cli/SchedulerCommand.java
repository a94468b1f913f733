package com.avalo.precompute.cli;

import com.avalo.precompute.io.OptionNames;
import com.avalo.precompute.schedule.LocalScheduler;
import com.avalo.precompute.schedule.Schedule;
import com.avalo.precompute.schedule.ScheduleWindow;
import com.avalo.precompute.schedule.SchedulesFile;
import com.avalo.precompute.schedule.SchedulesReader;
import com.avalo.precompute.schedule.WindowLaunch;
import com.avalo.precompute.serving.store.RunLedger;
import com.avalo.precompute.serving.store.StoreUnavailableException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code precompute scheduler [--schedules FILE] [--once]}: runs the schedules on this machine,
 * on the embedded store by default, each due window through the run ledger as {@code run
 * --schedule} would. SIGTERM stops it: between runs at once, during a run by cancelling the
 * pipeline and recording the attempt as failed.
 */
@Command(name = "scheduler", mixinStandardHelpOptions = true,
    description = {"Runs the schedules on this machine, each due window through the run ledger.",
        "At each tick it runs the due windows, oldest first, one at a time. Missed windows are",
        "caught up (at most --max-catch-up per schedule, the newest) and failed ones run again;",
        "the ledger is its memory, so a restart goes on where it stopped. SIGTERM stops it",
        "cleanly. --once runs what is due and exits, for cron or a systemd timer: 0 when all",
        "ran, 1 when one failed."})
final class SchedulerCommand implements Callable<Integer> {
  /** Beam options the scheduler sets from its own flags, by the flag to use instead. */
  private static final Map<String, String> SPELLINGS = Map.of("deadLetterDir", "--dead-letter-dir",
      "firestoreProject", "--firestore-project", "emulatorHost", "--emulator-host");

  /** What each window sets itself, in either spelling. */
  private static final List<String> WINDOW_SETS = List.of("as-of", "asOf", "run-id", "runId");

  private static final String INTERRUPTED = "interrupted: the scheduler was stopped (SIGTERM) before the run finished";

  @Option(names = "--schedules", paramLabel = "FILE",
      description = "The schedules file. Default: the bundled one")
  String schedulesFile = SchedulesReader.BUNDLED;

  @Option(names = "--once", description = "Run what is due, then exit")
  boolean once;

  @Option(names = "--max-catch-up", paramLabel = "N", defaultValue = "3",
      description = "The most windows of one schedule one pass runs, the newest, the latest"
          + " included (3: the latest and the two before it). Default: ${DEFAULT-VALUE}")
  int maxCatchUp;

  @Mixin PipelineTarget target = new PipelineTarget();

  @Option(names = "--dead-letter-dir",
      description = "Where local runs write dead letters; default next to the sqlite store")
  Path deadLetterDir;

  @Unmatched List<String> beamArgs = new ArrayList<>();

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    // Said once, up front: a misspelt option would otherwise fail every window in turn, and so
    // would the Beam spelling of a flag 'run' sets (--deadLetterDir), or a time or id 'run' takes.
    for (String name : RunCommand.names(beamArgs)) {
      if (WINDOW_SETS.contains(name)) {
        throw new IllegalArgumentException("the scheduler takes no --" + name + ": each window"
            + " runs as of its end, under a run id of its own");
      }
    }
    for (String arg : beamArgs) {
      if (!arg.startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument '" + arg + "': the scheduler runs"
            + " the jobs its schedules name; options are --name=value");
      }
    }
    OptionNames names = OptionNames.of(Jobs.all(), "'precompute scheduler --help' lists its"
            + " options, 'precompute jobs' each job's")
        .withCommandFlags(CommandFlags.longFlags(spec), SPELLINGS);
    names.refuseUnknown(beamArgs);
    names.refuseMissingValues(beamArgs);
    RunCommand.refuseBeamSpellings(beamArgs, SPELLINGS);
    SchedulesFile file = ScheduledRuns.load(schedulesFile);
    Clock clock = Clock.systemUTC();
    Stop stop = new Stop();
    AtomicReference<WindowLaunch> current = new AtomicReference<>();
    try (RunLedger ledger = target.store.spec().openLedger()) {
      LocalScheduler scheduler = new LocalScheduler(file.schedules(), ScheduledRuns::superseding, ledger,
          maxCatchUp, clock, System.out);
      System.out.printf(Locale.ROOT,
          "scheduler: %d schedules of %s, ledger %s%n", file.schedules().size(),
          file.file(), ledger.describe());
      LocalScheduler.WindowRunner runner = (schedule, window) ->
          runWindow(schedule, window, ledger, clock, stop, current);
      // Installed before either mode: a --once run stopped by cron's or systemd's SIGTERM must not
      // leave its window RUNNING, refusing every rerun until maxRunTime.
      CountDownLatch finished = new CountDownLatch(1);
      Thread onStop = stopHook(stop, current, ledger, finished);
      try {
        Runtime.getRuntime().addShutdownHook(onStop);
      } catch (IllegalStateException shuttingDown) {
        return 130; // stopped before any window was taken
      }
      try {
        if (once) {
          return scheduler.runDue(runner, stop::requested) == 0 ? 0 : 1;
        }
        try {
          scheduler.loop(runner, stop, stop::requested);
        } finally {
          System.out.println("scheduler stopped");
        }
        return 0;
      } finally {
        finished.countDown();
        ScheduledRuns.removeHook(onStop);
      }
    }
  }

  /**
   * What SIGTERM does: stops the scheduler, cancels the run in progress and waits for the run's
   * own thread to record it interrupted; a runner that cannot be cancelled keeps that thread busy,
   * so then the hook records it.
   */
  private static Thread stopHook(Stop stop, AtomicReference<WindowLaunch> current, RunLedger ledger,
      CountDownLatch finished) {
    return new Thread(() -> {
      stop.request();
      WindowLaunch running = current.get();
      if (running != null) {
        running.interrupt(INTERRUPTED);
      }
      try {
        if (!finished.await(30, TimeUnit.SECONDS) && running != null) {
          running.recordInterruption(ledger);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "scheduler-stop");
  }

  private boolean runWindow(Schedule schedule, ScheduleWindow window, RunLedger ledger, Clock clock,
      Stop stop, AtomicReference<WindowLaunch> current) {
    RunCommand command = new RunCommand();
    command.target = target;
    command.beamArgs = beamArgs;
    command.deadLetterDir = deadLetterDir;
    try {
      WindowLaunch launch = ScheduledRuns.prepare(command, schedule, window.start().toString(), false,
          clock, WindowLaunch.owner("precompute scheduler"));
      current.set(launch);
      if (stop.requested()) {
        return true;
      }
      return ScheduledRuns.runWindow(launch, ledger, System.out, result -> { }) == 0;
    } catch (IllegalArgumentException | StoreUnavailableException e) {
      // A window that cannot even start (its input missing, the store gone) fails; the others go on.
      System.err.println("error: schedule '" + schedule.name() + "' window " + window + ": "
          + WindowLaunch.reason(e));
      return false;
    } finally {
      current.set(null);
    }
  }

  /** The stop request, and the sleep it cuts short. */
  static final class Stop implements LocalScheduler.Sleeper {
    private final CountDownLatch requested = new CountDownLatch(1);

    void request() {
      requested.countDown();
    }

    boolean requested() {
      return requested.getCount() == 0;
    }

    @Override
    public void sleepUntil(Instant when) throws InterruptedException {
      long millis = Duration.between(Instant.now(), when).toMillis();
      if (millis > 0) {
        requested.await(millis, TimeUnit.MILLISECONDS);
      }
    }
  }
}
