package com.avalo.precompute.io;

import com.google.common.util.concurrent.ThreadFactoryBuilder;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import org.apache.beam.sdk.PipelineResult;

/**
 * Tells while a run works what it has done so far: records read per collection and documents
 * written per job, from the runner's live counters ({@link #follow} hands it the running
 * pipeline). On a terminal one line is repainted in place; anywhere else (a log, CI, a pipe) a
 * plain line is printed when the run starts, when the pipeline is handed over and then once per
 * interval, so a log reads as a history rather than a run of carriage-returned repaints.
 *
 * <p>Until a runner hands over its result there are no counts: embedded Flink's batch
 * {@code run()} returns only when the job is done, so a Flink run shows its elapsed time and says
 * that counts come at the end; on a Flink cluster it shows the job's state and finished tasks.
 * The DirectRunner and Dataflow report counters while running.
 */
public final class RunProgress implements AutoCloseable {
  /** How updates are shown. */
  public enum Display {
    /** Repaint one line in place; for a person watching a terminal. */
    TERMINAL,
    /** One line per update, no control characters; for logs. */
    PLAIN
  }

  static final Duration TERMINAL_INTERVAL = Duration.ofSeconds(1);
  static final Duration PLAIN_INTERVAL = Duration.ofSeconds(10);

  private final String title;
  private final boolean dryRun;
  private final PrintStream out;
  private final Display display;
  private final int width;
  private final LongSupplier nanoClock;
  private final long startedNanos;
  private volatile PipelineResult result;
  private ScheduledExecutorService ticker;
  private boolean painted;

  RunProgress(String title, boolean dryRun, PrintStream out, Display display, int width,
      LongSupplier nanoClock) {
    this.title = title;
    this.dryRun = dryRun;
    this.out = out;
    this.display = display;
    this.width = width;
    this.nanoClock = nanoClock;
    this.startedNanos = nanoClock.getAsLong();
  }

  /**
   * Starts printing progress of the run called {@code title} to {@code out}: repainted in place
   * when the process's standard error is a terminal, plain lines otherwise. For a dry run
   * ({@code dryRun}) the counts are of what the run would write, delete and dead-letter, and are
   * said so.
   */
  public static RunProgress start(String title, boolean dryRun, PrintStream out) {
    Terminals.Check stderr = Terminals.standardError();
    Display display = stderr.isTerminal() ? Display.TERMINAL : Display.PLAIN;
    RunProgress progress =
        new RunProgress(title, dryRun, out, display, stderr.width(), System::nanoTime);
    progress.print("starting");
    long every = (display == Display.TERMINAL ? TERMINAL_INTERVAL : PLAIN_INTERVAL).toMillis();
    progress.ticker = Executors.newSingleThreadScheduledExecutor(
        new ThreadFactoryBuilder().setDaemon(true).setNameFormat("run-progress").build());
    progress.ticker.scheduleAtFixedRate(progress::tick, every, every, TimeUnit.MILLISECONDS);
    return progress;
  }

  /** From now on, shows the counters of {@code running}. */
  public void follow(PipelineResult running) {
    result = running;
    tick();
  }

  /** Prints one update. */
  synchronized void tick() {
    PipelineResult running = result;
    if (running == null) {
      print("no counts from the runner yet (embedded Flink gives them only when it ends)");
      return;
    }
    if (running instanceof FlinkClusterJob clusterJob) {
      print(clusterJob.progress());
      return;
    }
    RunCounters counters;
    try {
      counters = RunCounters.from(running.metrics().allMetrics());
    } catch (RuntimeException e) {
      print("the runner gives no counters while running (" + e.getClass().getSimpleName() + ")");
      return;
    }
    print(describe(counters, dryRun));
  }

  /** What {@code counters} say, in one line; a dry run's counts are of what it would do. */
  static String describe(RunCounters counters, boolean dryRun) {
    // Totals and documents per job first: a terminal line is cut at its width.
    String byJob = counters.writtenByJob().isEmpty() ? "" : " (" + list(counters.writtenByJob()) + ")";
    String byCollection = counters.recordsRead().isEmpty() ? "none yet" : list(counters.recordsRead());
    String format = dryRun
        ? "read %,d  would write %,d%s  would delete %,d  would dead-letter %,d  · read by collection: %s"
        : "read %,d  written %,d%s  deleted %,d  dead-lettered %,d  · read by collection: %s";
    return String.format(Locale.ROOT, format, counters.totalRead(), counters.totalWritten(), byJob,
        counters.documentsDeleted(), counters.deadLettered(), byCollection);
  }

  private static String list(Map<String, Long> counts) {
    return counts.entrySet().stream().map(e -> String.format(Locale.ROOT,
        "%s %,d", e.getKey(), e.getValue()))
        .collect(Collectors.joining(", "));
  }

  private synchronized void print(String what) {
    long seconds = TimeUnit.NANOSECONDS.toSeconds(nanoClock.getAsLong() - startedNanos);
    String line = String.format(Locale.ROOT,
        "%s  %d:%02d  %s", title, seconds / 60, seconds % 60, what);
    if (display == Display.PLAIN) {
      out.println(line);
    } else {
      // Cut to the width so the line never wraps: a wrapped line cannot be repainted with \r.
      String shown = line.length() >= width ? line.substring(0, Math.max(0, width - 2)) + "…" : line;
      out.print("\r" + shown + Terminals.CLEAR_TO_END_OF_LINE);
      painted = true;
    }
    out.flush();
  }

  /** Stops updating; on a terminal the progress line is cleared for the summary that follows. */
  @Override
  public synchronized void close() {
    if (ticker != null) {
      ticker.shutdownNow();
    }
    if (painted) {
      out.print("\r" + Terminals.CLEAR_TO_END_OF_LINE);
      out.flush();
    }
  }
}
