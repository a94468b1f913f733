package com.avalo.precompute.schedule;

import com.avalo.precompute.io.PrecomputeJob;
import com.avalo.precompute.io.PrecomputeOptions;
import com.avalo.precompute.io.PipelineFailedException;
import com.avalo.precompute.io.PrecomputeRunner;
import com.avalo.precompute.io.RunContext;
import com.avalo.precompute.io.RunSettings;
import com.avalo.precompute.io.RunSummary;
import com.avalo.precompute.ledger.RecordSuccessInLedger;
import com.avalo.precompute.serving.store.AttemptKey;
import com.avalo.precompute.serving.store.Lease;
import com.avalo.precompute.serving.store.LeaseRequest;
import com.avalo.precompute.serving.store.LedgerAttempt;
import com.avalo.precompute.serving.store.LedgerRecord;
import com.avalo.precompute.serving.store.RunLedger;
import com.avalo.precompute.serving.store.RunState;
import com.avalo.precompute.store.StoreWriter;
import com.avalo.precompute.store.StoreWriters;
import com.google.common.base.Throwables;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.beam.runners.dataflow.DataflowRunner;
import org.apache.beam.sdk.PipelineResult;

/**
 * One launch of one window of a schedule, the code path {@code precompute run --schedule}, the
 * Flex Template launcher and {@code precompute scheduler} share: resolve the window, check the
 * run's configuration, take the window's lease in the run ledger before any data is read, run
 * as of the window's end with the schedule's expiry, and record the outcome. The pipeline
 * records its own success as its last step ({@link RecordSuccessInLedger}); a launcher that
 * waits also records a failure with its reason, and the records read from the runner's metrics.
 */
public final class WindowLaunch {
  private final ScheduleTiming timing;
  private final ScheduleWindow window;
  private final List<PrecomputeJob> jobs;
  private final PrecomputeOptions options;
  private final RunSettings settings;
  private final StoreWriter writer;
  private final boolean force;
  private final Clock clock;
  private final String owner;
  private volatile Lease.Granted granted;
  private volatile PipelineResult running;
  private volatile String interruption;

  private WindowLaunch(ScheduleTiming timing, ScheduleWindow window, List<PrecomputeJob> jobs,
      PrecomputeOptions options, RunSettings settings, boolean force, Clock clock, String owner) {
    this.timing = timing;
    this.window = window;
    this.jobs = List.copyOf(jobs);
    this.options = options;
    this.settings = settings;
    this.writer = StoreWriters.forRun(settings, options);
    this.force = force;
    this.clock = clock;
    this.owner = owner;
  }

  /**
   * Resolves the window ({@code windowStart} or the latest tick's) and checks the run as it will
   * be built, so that bad input stops it before the lease is taken and nothing is written.
   *
   * @param base the run's settings; its snapshot time must be unset (it is the window's end)
   * @param owner who launches, for the lease ({@link #owner(String)})
   * @throws IllegalArgumentException or StoreUnavailableException with one line saying what to fix
   */
  public static WindowLaunch prepare(ScheduleTiming timing, String windowStart, boolean force,
      List<PrecomputeJob> jobs, PrecomputeOptions options, RunSettings base, Clock clock, String owner) {
    if (base.asOf() != null) {
      throw new IllegalArgumentException("a scheduled run is computed as of its window's end;"
          + " drop the snapshot time (--as-of) and name the window with --window");
    }
    Instant now = clock.instant();
    ScheduleWindow window = timing.window(windowStart, now);
    String runId = base.runId() != null ? base.runId() : runId(timing, now);
    RunSettings settings = base.withAsOf(window.asOf()).withRunId(runId)
        // A fixed --freshFor a job sets replaces the schedule's expiry (validate checks it covers it).
        .withRefresh(base.freshFor() != null ? null : timing.refresh(window));
    WindowLaunch launch = new WindowLaunch(timing, window, jobs, options, settings, force, clock, owner);
    // The same checks the run's own build makes, before the lease.
    DataflowRunTimeBound.checkGiven(options);
    PrecomputeRunner.checkBuilds(jobs, options, settings, RunContext.from(settings, options, now),
        launch.writer);
    return launch;
  }

  /** {@code what on host (pid N)}: who holds a lease, for people reading the ledger. */
  public static String owner(String what) {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      host = "unknown host";
    }
    return what + " on " + host + " (pid " + ProcessHandle.current().pid() + ")";
  }

  private static String runId(ScheduleTiming timing, Instant now) {
    return timing.name() + "-" + now.toString().replaceAll("[^0-9]", "").substring(0, 14) + "-"
        + UUID.randomUUID().toString().substring(0, 8);
  }

  public ScheduleWindow window() {
    return window;
  }

  public ScheduleTiming timing() {
    return timing;
  }

  /** The run's settings: as of the window's end, its run id, the schedule's expiry. */
  public RunSettings settings() {
    return settings;
  }

  /** {@code schedule 'chats' window [start, end)}, for messages. */
  public String describe() {
    return "schedule '" + timing.name() + "' window " + window;
  }

  /**
   * Asks {@code ledger} for the window's lease, for the schedule's longest run time.
   *
   * @throws com.avalo.precompute.serving.store.StoreUnavailableException when the ledger fails
   */
  public Lease acquire(RunLedger ledger) {
    return ledger.acquire(new LeaseRequest(timing.name(), window.start(), window.end(),
        settings.runId(), owner, jobs.stream().map(PrecomputeJob::name).toList(), window.asOf(),
        clock.instant(), timing.maxRunTime(), force));
  }

  /**
   * Runs the window under {@code lease} and waits for the end. On success adds the records read
   * to the attempt (the pipeline recorded the rest); on failure records why, and rethrows.
   *
   * @param whileRunning gets the running pipeline as soon as the runner hands it over
   */
  public RunSummary runAndWait(RunLedger ledger, Lease.Granted lease, Consumer<PipelineResult> whileRunning) {
    granted = lease;
    AttemptKey attempt = AttemptKey.of(lease.record(), lease.attempt());
    // A run may not outlive its lease: from then on another launch may take the window over, and
    // a run hung on a dead store would never end. So a launcher that waits stops it there.
    ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "lease-watchdog");
      thread.setDaemon(true);
      return thread;
    });
    watchdog.schedule(() -> interrupt("ran past its lease (maxRunTime " + timing.maxRunTime()
            + ", until " + lease.attempt().leaseUntil() + "): cancelled, so the next launch can take"
            + " the window over"),
        Math.max(0, Duration.between(clock.instant(), lease.attempt().leaseUntil()).toMillis()),
        TimeUnit.MILLISECONDS);
    try {
      if (DataflowRunner.class.isAssignableFrom(options.getRunner())) {
        // The watchdog dies with this process; Dataflow's own bound does not.
        DataflowRunTimeBound.apply(options, clock.instant(), lease.attempt().leaseUntil());
      }
      settleRecentWindows(ledger);
      RunSummary summary = PrecomputeRunner.run(jobs, options, settings, writer,
          outputs -> outputs.writes().getPipeline().apply("RecordSuccessInLedger",
              new RecordSuccessInLedger(outputs, settings.store(), attempt, settings.prices())),
          result -> {
            running = result;
            if (interruption != null) {
              cancel(result);
            }
            whileRunning.accept(result);
          });
      addRecordsRead(ledger, attempt, summary);
      return summary;
    } catch (RuntimeException e) {
      throw recordFailure(ledger, lease, e);
    } finally {
      watchdog.shutdownNow();
    }
  }

  /**
   * Adds the records read to a run that succeeded, which the pipeline recorded itself: a ledger
   * that fails now costs the record its counts, not the run its success (it was reported failed,
   * and the failure it claimed to record was refused, the attempt having succeeded).
   */
  private void addRecordsRead(RunLedger ledger, AttemptKey attempt, RunSummary summary) {
    try {
      ledger.addRecordsRead(attempt, summary.recordsRead());
    } catch (RuntimeException e) {
      System.err.println("warning: " + describe() + ": attempt " + attempt.attempt()
          + " succeeded, but its records read could not be added to " + ledger.describe() + ": "
          + reason(e));
    }
  }

  /**
   * How many of the schedule's newest windows a launch reads, to find a newer one that succeeded
   * and the leases that ran out with no outcome: more than a lease (maxRunTime) spans of the
   * most frequent schedule's ticks.
   */
  private static final int RECENT_WINDOWS = 50;

  /**
   * Refuses this window when a newer window of the schedule succeeded and its jobs all write the
   * state as of the run: it would put older documents back over newer ones. A schedule whose jobs
   * write each window's own documents (analytics) may run any window.
   *
   * @param howToForce what the message adds after "Run the latest window", empty where there is
   *     no way to force it
   * @throws IllegalArgumentException naming the newer window that succeeded
   */
  public void refuseIfSuperseded(RunLedger ledger, String howToForce) {
    if (!jobs.stream().allMatch(PrecomputeJob::newerWindowsSupersede)) {
      return;
    }
    newerSucceeded(ledger.newest(timing.name(), RECENT_WINDOWS))
        .ifPresent(newer -> {
          throw new IllegalArgumentException("window " + window.start() + " of schedule '"
              + timing.name() + "' is older than window " + newer.windowStart()
              + ", which succeeded; its jobs write the state as of the run, so it would put older"
              + " documents back over newer ones. Run the latest window" + howToForce);
        });
  }

  /**
   * The first of {@code recent} (a schedule's windows, newest first) that is newer than this
   * window and succeeded.
   */
  private Optional<LedgerRecord> newerSucceeded(List<LedgerRecord> recent) {
    return recent.stream()
        .filter(record -> record.windowStart().isAfter(window.start()))
        .filter(record -> record.state() == RunState.SUCCEEDED)
        .findFirst();
  }

  /** Reads the schedule's recent windows once, for both things a launch settles with them. */
  private void settleRecentWindows(RunLedger ledger) {
    List<LedgerRecord> recent = ledger.newest(timing.name(), RECENT_WINDOWS);
    recordLapsedLeases(ledger, recent);
    yieldToNewerWindows(recent);
  }

  /**
   * Records as failed each other window of the schedule whose run's lease ran out with no outcome:
   * a Dataflow job that failed or was cancelled (its launcher does not wait, and the job records
   * only its own success), or a launcher killed mid-run. Such a window stayed RUNNING in the
   * ledger for good, since nothing launches an older window of a schedule again by itself, where
   * {@code precompute runs} and alerts on failed runs could not tell it from a live run. A success
   * recorded later (a run that did end well) still replaces the failure.
   */
  private void recordLapsedLeases(RunLedger ledger, List<LedgerRecord> recent) {
    Instant now = clock.instant();
    for (LedgerRecord record : recent) {
      LedgerAttempt latest = record.latest();
      if (record.windowStart().equals(window.start()) || latest.state() != RunState.RUNNING
          || latest.holdsLeaseAt(now)) {
        continue;
      }
      String reason = LedgerAttempt.LEASE_LAPSED + latest.leaseUntil() + " with no outcome recorded: the"
          + " run failed, was cancelled or was stopped where nothing could record it (on Dataflow,"
          + " see the job of run " + latest.runId() + "); found by the launch of window "
          + window.start();
      if (ledger.fail(AttemptKey.of(record, latest), reason, now)) {
        System.err.println("schedule '" + timing.name() + "' window " + record.windowStart()
            + ": attempt " + latest.attempt() + " recorded as failed: " + reason);
      }
    }
  }

  /**
   * When a newer window of the schedule has succeeded (a skipped tick rerun by hand, a failed one
   * retried, a late delivery of Cloud Scheduler), lets the jobs that write each window's own
   * documents leave alone what the newer runs wrote more completely, and says so.
   */
  private void yieldToNewerWindows(List<LedgerRecord> recent) {
    if (jobs.stream().allMatch(PrecomputeJob::newerWindowsSupersede)) {
      return;
    }
    newerSucceeded(recent)
        .ifPresent(newer -> {
          jobs.forEach(job -> job.yieldToNewerWindows(options));
          System.err.println(describe() + ": the newer window " + newer.windowStart()
              + " succeeded, so this run writes only what has ended by " + window.asOf()
              + " (analytics: --completeBucketsOnly) and leaves the newer window's in-progress"
              + " documents as they are");
        });
  }

  /**
   * Submits the window's pipeline under {@code lease} without waiting, as a Flex Template
   * launcher must; a submission that fails is recorded as the attempt's failure. Nothing here
   * outlives the submission, so the job is bounded by the lease on Dataflow's side
   * ({@link DataflowRunTimeBound}).
   */
  public PipelineResult submit(RunLedger ledger, Lease.Granted lease) {
    AttemptKey attempt = AttemptKey.of(lease.record(), lease.attempt());
    try {
      DataflowRunTimeBound.apply(options, clock.instant(), lease.attempt().leaseUntil());
      settleRecentWindows(ledger);
      return PrecomputeRunner.submit(jobs, options, settings, writer,
          outputs -> outputs.writes().getPipeline().apply("RecordSuccessInLedger",
              new RecordSuccessInLedger(outputs, settings.store(), attempt, settings.prices())));
    } catch (RuntimeException e) {
      throw recordFailure(ledger, lease, e);
    }
  }

  /**
   * Stops a run in progress for {@code why}: cancels its pipeline, and its failure is recorded
   * with that reason. Safe from another thread (a shutdown hook).
   */
  public void interrupt(String why) {
    interruption = why;
    PipelineResult result = running;
    if (result != null) {
      cancel(result);
    }
  }

  /**
   * Records the interruption as the attempt's failure, for a caller that cannot wait for the run
   * to notice it (a runner whose {@code run()} cannot be cancelled); false when nothing was
   * interrupted or an outcome is recorded already.
   */
  public boolean recordInterruption(RunLedger ledger) {
    Lease.Granted lease = granted;
    return lease != null && interruption != null
        && ledger.fail(AttemptKey.of(lease.record(), lease.attempt()), interruption, clock.instant());
  }

  private static void cancel(PipelineResult result) {
    try {
      result.cancel();
    } catch (Exception ignored) {
      // Already done, or a runner that cannot cancel: the process is ending either way.
    }
  }

  /** Records the failure of the lease's attempt and returns what to throw: the failure, explained. */
  private RuntimeException recordFailure(RunLedger ledger, Lease.Granted lease, RuntimeException failure) {
    String reason = interruption != null ? interruption : reason(failure);
    String failed = describe() + ": attempt " + lease.attempt().attempt() + " failed: " + reason;
    try {
      ledger.fail(AttemptKey.of(lease.record(), lease.attempt()), reason, clock.instant());
      return new LaunchFailedException(failed + " (recorded in " + ledger.describe() + ")", failure);
    } catch (RuntimeException unrecorded) {
      return new LaunchFailedException(failed + "; the ledger could not record it ("
          + reason(unrecorded) + "), so the next launch takes the window over once its lease runs"
          + " out at " + lease.attempt().leaseUntil(), failure);
    }
  }

  /**
   * One line saying what went wrong: the first message in the chain of causes that is not just a
   * wrapper's ({@code PipelineExecutionException: java.lang.IllegalStateException: ...}).
   */
  public static String reason(Throwable failure) {
    if (failure instanceof PipelineFailedException failed && failed.getCause() != null) {
      // An engine nests the one real reason many wrappers deep: the ledger keeps the innermost.
      return cap(failed.getMessage() + ": " + reason(Throwables.getRootCause(failed)));
    }
    Throwable said = failure;
    while (said.getCause() != null && said.getCause() != said
        && (said.getMessage() == null || said.getMessage().equals(said.getCause().toString()))) {
      said = said.getCause();
    }
    String text = said.getMessage() == null ? said.getClass().getSimpleName() : said.getMessage().strip();
    int newline = text.indexOf('\n');
    return cap(newline < 0 ? text : text.substring(0, newline));
  }

  private static String cap(String text) {
    return text.length() <= 500 ? text : text.substring(0, 500) + "...";
  }

  /** A run of a window that failed; the message says why and whether the ledger recorded it. */
  public static final class LaunchFailedException extends RuntimeException {
    LaunchFailedException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
