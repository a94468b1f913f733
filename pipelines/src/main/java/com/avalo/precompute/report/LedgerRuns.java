package com.avalo.precompute.report;

import com.avalo.precompute.serving.store.LedgerAttempt;
import com.avalo.precompute.serving.store.LedgerRecord;
import com.avalo.precompute.serving.store.RunCounts;
import com.avalo.precompute.serving.store.RunLedger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs as the run ledger records them: every attempt of every scheduled window, with its counts,
 * duration and estimated cost. Runs started by hand are not in the ledger; they come from
 * {@code byHand} (the dead-letter files), which tells less of each.
 */
public final class LedgerRuns implements RunHistory {
  private final RunLedger ledger;
  private final RunHistory byHand;

  public LedgerRuns(RunLedger ledger, RunHistory byHand) {
    this.ledger = ledger;
    this.byHand = byHand;
  }

  @Override
  public List<RunRecord> newest(int limit) {
    Map<String, RunRecord> fromFiles = new HashMap<>();
    byHand.newest(limit).forEach(run -> fromFiles.put(run.runId(), run));
    List<RunRecord> runs = new ArrayList<>();
    for (LedgerRecord window : newestWindows(ledger, limit)) {
      for (LedgerAttempt attempt : window.attempts()) {
        RunRecord run = toRun(window, attempt);
        RunRecord files = fromFiles.remove(attempt.runId());
        // An attempt that failed or still runs recorded no counts in the ledger; the dead-letter
        // files of a local run still say what it refused.
        runs.add(run.deadLetters() == null && files != null
            ? run.withDeadLetters(files.deadLetters()) : run);
      }
    }
    runs.addAll(fromFiles.values());
    runs.sort(Comparator.comparing(RunRecord::recordedAt, Comparator.nullsLast(Comparator.naturalOrder()))
        .reversed());
    return runs.subList(0, Math.min(limit, runs.size()));
  }

  /**
   * The newest {@code limit} windows of each schedule in {@code ledger}. The ledger orders windows
   * by their start, and a schedule of a long cadence starts its window long before it runs: the
   * feeds window [12:20, 18:20) runs at 18:20, after twenty chats and matches windows have started,
   * so the newest windows of all schedules together left out the newest runs of feeds and profiles
   * (and their dead-letter files showed them as runs by hand). A schedule's own newest windows are
   * its newest runs. The schedules are the ledger's own list ({@link RunLedger#schedules}): found
   * among the newest 500 windows, the daily profiles schedule's was missing for 22 hours a day.
   */
  public static List<LedgerRecord> newestWindows(RunLedger ledger, int limit) {
    List<LedgerRecord> windows = new ArrayList<>();
    ledger.schedules().forEach(schedule -> windows.addAll(ledger.newest(schedule, limit)));
    return windows;
  }

  @Override
  public String describe() {
    return "the run ledger (" + ledger.describe() + "), and " + byHand.describe();
  }

  @Override
  public List<String> limitations() {
    List<String> said = new ArrayList<>();
    if (ledger.newest(null, 1).isEmpty()) {
      said.add("The run ledger holds no runs yet: it records the runs of schedules"
          + " (precompute run --schedule, precompute scheduler, the deployed schedules).");
    }
    said.addAll(byHand.limitations());
    return said;
  }

  private static RunRecord toRun(LedgerRecord window, LedgerAttempt attempt) {
    RunCounts counts = attempt.counts();
    Instant recordedAt = attempt.finishedAt() != null ? attempt.finishedAt() : attempt.startedAt();
    return new RunRecord(attempt.runId(), recordedAt, window.schedule(), attempt.jobs(),
        window.windowStart(), window.windowEnd(), attempt.state().name(), attempt.attempt(),
        attempt.startedAt(), attempt.duration(), counts.totalRead(), counts.documentsWritten(),
        counts.documentsUnchanged(), counts.documentsDeleted(),
        counts.recorded() ? counts.deadLetters().stream().map(count -> new RunRecord.DeadLetterCount(
            count.collection(), count.reason(), count.count(), count.example())).toList() : null,
        attempt.estimatedCostUsd());
  }
}
