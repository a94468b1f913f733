package com.avalo.precompute.report;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What the report knows of one run. A field is null when the history it came from does not
 * record it; the report then says the figure is not recorded rather than drawing it as zero. The
 * run ledger records every field; the dead-letter files only the run id, when they were written
 * and the dead letters.
 *
 * @param runId the run's id, as stamped on its documents
 * @param recordedAt when this record was written (the ledger's end time, a dead-letter file's
 *     last modification); orders the runs
 * @param schedule the schedule that started the run, or null when started by hand
 * @param jobs the jobs of the run
 * @param windowStart start of the data window the run computed, if it has one
 * @param windowEnd end of that window
 * @param state how the run ended ({@code DONE}, {@code FAILED}, ...)
 * @param attempt which attempt of the scheduled run this was, from 1
 * @param startedAt when the run started
 * @param duration how long it ran
 * @param recordsRead source records read
 * @param documentsWritten cache documents written
 * @param documentsUnchanged documents the run computed with the stored content, so not written
 * @param documentsDeleted documents deleted (pages a run no longer produces)
 * @param deadLetters dead letters by collection and reason; empty when there were none, null when
 *     the run recorded none (a failed or running attempt of the ledger without dead-letter files)
 * @param estimatedCostUsd the run's estimated cost in US dollars
 */
public record RunRecord(
    String runId,
    Instant recordedAt,
    String schedule,
    List<String> jobs,
    Instant windowStart,
    Instant windowEnd,
    String state,
    Integer attempt,
    Instant startedAt,
    Duration duration,
    Long recordsRead,
    Long documentsWritten,
    Long documentsUnchanged,
    Long documentsDeleted,
    List<DeadLetterCount> deadLetters,
    Double estimatedCostUsd) {

  /**
   * Dead letters of one collection with one kind of reason.
   *
   * @param collection the source collection ({@code cache} for documents the writer refused)
   * @param reason the reason with its particular values masked, so like reasons group together
   * @param count how many
   * @param example one full reason as written
   */
  public record DeadLetterCount(String collection, String reason, long count, String example) {}

  /** A record of only what dead-letter files tell: the run, when, and its dead letters. */
  public static RunRecord fromDeadLetters(String runId, Instant recordedAt,
      List<DeadLetterCount> deadLetters) {
    return new RunRecord(runId, recordedAt, null, null, null, null, null, null, null, null, null,
        null, null, null, deadLetters, null);
  }

  /** The same run with {@code known} as its dead letters. */
  public RunRecord withDeadLetters(List<DeadLetterCount> known) {
    return new RunRecord(runId, recordedAt, schedule, jobs, windowStart, windowEnd, state, attempt,
        startedAt, duration, recordsRead, documentsWritten, documentsUnchanged, documentsDeleted,
        known, estimatedCostUsd);
  }

  /** All dead letters of the run. */
  public long totalDeadLetters() {
    return deadLetters.stream().mapToLong(DeadLetterCount::count).sum();
  }
}
