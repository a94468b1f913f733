package com.avalo.precompute.io;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SortedMap;

/**
 * What a run did, from the pipeline's metrics: records read and dead-lettered per collection,
 * documents written and deleted, and how long it took.
 */
public record RunSummary(
    List<String> jobs,
    String runId,
    Instant asOf,
    String runner,
    String store,
    SortedMap<String, Long> recordsRead,
    SortedMap<String, Long> deadLettered,
    long documentsWritten,
    long documentsDeleted,
    String deadLetterLocation,
    Duration elapsed) {

  public long totalRead() {
    return recordsRead.values().stream().mapToLong(Long::longValue).sum();
  }

  public long totalDeadLettered() {
    return deadLettered.values().stream().mapToLong(Long::longValue).sum();
  }

  /** A few lines for people. */
  public String describe() {
    StringBuilder text = new StringBuilder();
    text.append(String.format("run %s of %s on %s, as of %s%n", runId, String.join(", ", jobs),
        runner, asOf));
    text.append(String.format("  records read:      %,d  %s%n", totalRead(), recordsRead));
    text.append(String.format("  documents written: %,d  (deleted %,d) to %s%n", documentsWritten,
        documentsDeleted, store));
    text.append(String.format("  dead-lettered:     %,d  %s%s%n", totalDeadLettered(),
        deadLettered.isEmpty() ? "" : deadLettered + " ",
        totalDeadLettered() == 0 ? "" : "-> " + deadLetterLocation));
    text.append(String.format("  time:              %.1f s%n", elapsed.toMillis() / 1000.0));
    return text.toString();
  }
}
