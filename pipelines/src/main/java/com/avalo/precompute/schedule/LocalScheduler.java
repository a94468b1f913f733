package com.avalo.precompute.schedule;

import com.avalo.precompute.serving.store.LedgerAttempt;
import com.avalo.precompute.serving.store.LedgerRecord;
import com.avalo.precompute.serving.store.RunLedger;
import com.avalo.precompute.serving.store.RunState;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * Runs schedules on one machine ({@code precompute scheduler}): at each tick, the windows that
 * are due, oldest first, one at a time, each through the run ledger like any launch. The ledger
 * is its memory, so it survives restarts: a schedule's windows after the newest it recorded are
 * missed and caught up (at most {@code maxCatchUp} per schedule, the newest ones), a failed
 * window or one whose lease ran out is run again while it is among them, and a schedule it has
 * never run starts with its latest window.
 *
 * <p>A schedule whose jobs write the state as of the run ({@code superseding}: all but analytics)
 * runs only the newest of those windows: an older one would put older documents back over newer
 * ones (a failed window retried after the next succeeded) or be overwritten by the next at once
 * (each missed window caught up in turn), paying for every write in between.
 */
public final class LocalScheduler {
  /** Bounds the count of windows skipped for being older than the catch-up: a cron of minutes, a year down. */
  private static final int MAX_COUNTED = 1_000_000;

  /** Runs one window through the ledger. */
  public interface WindowRunner {
    /** Runs it; true when it ran or was not needed, false when it failed. */
    boolean run(Schedule schedule, ScheduleWindow window);
  }

  /** Waits until an instant, or less when the scheduler is stopped. */
  public interface Sleeper {
    void sleepUntil(Instant when) throws InterruptedException;
  }

  /**
   * A window to run, and why.
   *
   * @param schedule the schedule
   * @param window the window
   * @param why {@code latest}, {@code missed}, {@code retry} or {@code lease expired}
   */
  public record DueWindow(Schedule schedule, ScheduleWindow window, String why) {}

  private final List<Schedule> schedules;
  private final Predicate<Schedule> superseding;
  private final RunLedger ledger;
  private final int maxCatchUp;
  private final Clock clock;
  private final PrintStream out;

  /**
   * @param superseding whether a newer window of a schedule makes its older windows pointless
   * @param maxCatchUp the most windows of one schedule one pass runs, at least 1
   */
  public LocalScheduler(List<Schedule> schedules, Predicate<Schedule> superseding, RunLedger ledger,
      int maxCatchUp, Clock clock, PrintStream out) {
    if (maxCatchUp < 1) {
      throw new IllegalArgumentException("--max-catch-up must be at least 1, not " + maxCatchUp);
    }
    this.schedules = List.copyOf(schedules);
    this.superseding = superseding;
    this.ledger = ledger;
    this.maxCatchUp = maxCatchUp;
    this.clock = clock;
    this.out = out;
  }

  /** The windows due at {@code now}, oldest first (by window end, then schedule name). */
  public List<DueWindow> due(Instant now) {
    List<DueWindow> due = new ArrayList<>();
    for (Schedule schedule : schedules) {
      due.addAll(due(schedule, now));
    }
    due.sort(Comparator.comparing((DueWindow d) -> d.window().end()).thenComparing(d -> d.schedule().name()));
    return due;
  }

  private List<DueWindow> due(Schedule schedule, Instant now) {
    List<ScheduleWindow> recent = recentWindows(schedule.cadence(), now);
    if (recent.isEmpty()) {
      return List.of();
    }
    ScheduleWindow latest = recent.get(recent.size() - 1);
    List<LedgerRecord> newest = ledger.newest(schedule.name(), 1);
    if (newest.isEmpty()) {
      return List.of(new DueWindow(schedule, latest, "latest"));
    }
    Instant remembered = newest.get(0).windowStart();
    long older = countBetween(schedule.cadence(), remembered, recent.get(0).start());
    if (older > 0) {
      out.printf(Locale.ROOT,
          "schedule '%s': skipping %d missed window%s before %s (--max-catch-up %d)%n",
          schedule.name(), older, older == 1 ? "" : "s", recent.get(0).start(), maxCatchUp);
    }
    List<DueWindow> due = new ArrayList<>();
    for (ScheduleWindow window : recent) {
      if (window.start().isAfter(remembered)) {
        due.add(new DueWindow(schedule, window, window.equals(latest) ? "latest" : "missed"));
      } else {
        // Recorded before: due again only if it failed or its run died. A window at or before
        // the newest recorded with no record of its own was skipped on purpose, and stays so.
        ledger.get(schedule.name(), window.start()).map(LedgerRecord::latest)
            .flatMap(attempt -> rerunReason(attempt, now))
            .ifPresent(why -> due.add(new DueWindow(schedule, window, why)));
      }
    }
    return superseding.test(schedule) ? newestOnly(schedule, recent, due, now) : due;
  }

  /**
   * Of a superseding schedule's due windows, the newest, unless a window newer still has
   * succeeded or is running; the others are said and left.
   */
  private List<DueWindow> newestOnly(Schedule schedule, List<ScheduleWindow> recent,
      List<DueWindow> due, Instant now) {
    if (due.isEmpty()) {
      return due;
    }
    DueWindow newest = due.get(due.size() - 1);
    boolean newerTaken = recent.stream()
        .filter(window -> window.start().isAfter(newest.window().start()))
        .anyMatch(window -> ledger.get(schedule.name(), window.start())
            .map(LedgerRecord::latest)
            .map(attempt -> attempt.state() == RunState.SUCCEEDED
                || (attempt.state() == RunState.RUNNING && attempt.holdsLeaseAt(now)))
            .orElse(false));
    List<DueWindow> kept = newerTaken ? List.of() : List.of(newest);
    List<DueWindow> left = due.subList(0, due.size() - kept.size());
    if (!left.isEmpty()) {
      out.printf(Locale.ROOT,
          "schedule '%s': not running %s: %s supersedes %s (its jobs write the state as of"
              + " the run)%n", schedule.name(),
          String.join(", ", left.stream().map(d -> d.window().start() + " (" + d.why() + ")").toList()),
          newerTaken ? "a newer window that succeeded or is running" : "window " + newest.window().start(),
          left.size() == 1 ? "it" : "them");
    }
    return kept;
  }

  private static Optional<String> rerunReason(LedgerAttempt attempt, Instant now) {
    if (attempt.state() == RunState.FAILED) {
      return Optional.of("retry");
    }
    if (attempt.state() == RunState.RUNNING && !attempt.holdsLeaseAt(now)) {
      return Optional.of("lease expired");
    }
    return Optional.empty();
  }

  /** The newest {@code maxCatchUp} windows ending at or before {@code now}, oldest first. */
  private List<ScheduleWindow> recentWindows(Cadence cadence, Instant now) {
    List<ScheduleWindow> windows = new ArrayList<>();
    Optional<Instant> end = cadence.latestTickAtOrBefore(now);
    while (end.isPresent() && windows.size() < maxCatchUp) {
      Optional<Instant> start = cadence.latestTickAtOrBefore(end.get().minusNanos(1));
      if (start.isEmpty()) {
        break;
      }
      windows.add(0, new ScheduleWindow(start.get(), end.get()));
      end = start;
    }
    return windows;
  }

  /** Windows starting after {@code after} and before {@code before}. */
  private static long countBetween(Cadence cadence, Instant after, Instant before) {
    long count = 0;
    Optional<Instant> tick = cadence.nextTick(after);
    while (tick.isPresent() && tick.get().isBefore(before) && count < MAX_COUNTED) {
      count++;
      tick = cadence.nextTick(tick.get());
    }
    return count;
  }

  /**
   * Runs the windows due now, oldest first, until done or {@code stopped}.
   *
   * @return how many failed
   */
  public int runDue(WindowRunner runner, BooleanSupplier stopped) {
    int failed = 0;
    for (DueWindow due : due(clock.instant())) {
      if (stopped.getAsBoolean()) {
        break;
      }
      out.printf(Locale.ROOT,
          "schedule '%s' window %s: due (%s)%n", due.schedule().name(), due.window(), due.why());
      if (!runner.run(due.schedule(), due.window())) {
        failed++;
      }
    }
    return failed;
  }

  /**
   * Runs what is due, sleeps until the next tick of any schedule, and again, until
   * {@code stopped}; a run in progress is the runner's to stop.
   */
  public void loop(WindowRunner runner, Sleeper sleeper, BooleanSupplier stopped) throws InterruptedException {
    while (!stopped.getAsBoolean()) {
      Instant passStart = clock.instant();
      runDue(runner, stopped);
      // The first tick after the pass began: one that passed while it ran is due now. From the
      // pass's end instead, a window due during a long run waited for the tick after that.
      Optional<Instant> next = schedules.stream().map(s -> s.cadence().nextTick(passStart))
          .flatMap(Optional::stream).min(Comparator.naturalOrder());
      if (stopped.getAsBoolean() || next.isEmpty()) {
        return;
      }
      if (!next.get().isAfter(clock.instant())) {
        continue;
      }
      out.println("next tick at " + next.get());
      sleeper.sleepUntil(next.get());
    }
  }
}
