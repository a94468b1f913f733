package com.avalo.precompute.io;

import com.avalo.precompute.incremental.RunCost;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.SortedMap;

/**
 * What a run did, from the pipeline's metrics: records read and dead-lettered per collection,
 * documents written, unchanged and deleted with their estimated Firestore cost, what each job
 * diffed against, and how long it took.
 *
 * @param fieldsNotRead records per {@code collection.field} that carried a field no job reads
 * @param previous what each job diffed against (a manifest, or the store's keys and why)
 * @param stateFile where the run's manifests are recorded
 * @param dryRun whether the run wrote nothing ({@link PrecomputeRunner#dryRun}): its writes, deletes,
 *     dead letters and cost are what it would have made
 */
public record RunSummary(
    List<String> jobs,
    String runId,
    Instant asOf,
    String runner,
    String store,
    SortedMap<String, Long> recordsRead,
    SortedMap<String, Long> deadLettered,
    SortedMap<String, Long> fieldsNotRead,
    RunCost writes,
    String deadLetterLocation,
    SortedMap<String, String> previous,
    String stateFile,
    Duration elapsed,
    boolean dryRun) {

  public long totalRead() {
    return recordsRead.values().stream().mapToLong(Long::longValue).sum();
  }

  public long totalDeadLettered() {
    return deadLettered.values().stream().mapToLong(Long::longValue).sum();
  }

  public long documentsWritten() {
    return writes.written();
  }

  public long documentsDeleted() {
    return writes.deleted();
  }

  public long documentsUnchanged() {
    return writes.unchanged();
  }

  /** A few lines for people. */
  public String describe() {
    return dryRun ? describeDryRun() : describeRun();
  }

  private String describeRun() {
    StringBuilder text = new StringBuilder();
    text.append(String.format(Locale.ROOT,
        "run %s of %s on %s, as of %s%n", runId, String.join(", ", jobs),
        runner, asOf));
    text.append(String.format(Locale.ROOT,
        "  records read:      %,d  %s%n", totalRead(), recordsRead));
    text.append(String.format(Locale.ROOT,
        "  documents written: %,d  (deleted %,d, unchanged %,d) to %s%n",
        writes.written(), writes.deleted(), writes.unchanged(), store));
    text.append(String.format(Locale.ROOT, "  dead-lettered:     %,d  %s%s%n", totalDeadLettered(),
        deadLettered.isEmpty() ? "" : deadLettered + " ",
        totalDeadLettered() == 0 ? "" : "-> " + deadLetterLocation));
    appendFieldsNotRead(text);
    text.append(String.format(Locale.ROOT,
        "  firestore cost:    $%.4f  (full rewrite $%.4f; %,d stamps read;"
            + "%s at %s per 100k)%n", writes.dollars(), writes.fullRewriteDollars(),
        writes.stampsRead(), writes.deadLetters() == 0 ? ""
            : String.format(Locale.ROOT, " %,d dead-letter document%s written;", writes.deadLetters(),
                writes.deadLetters() == 1 ? "" : "s"),
        writes.prices()));
    text.append(String.format(Locale.ROOT, "  diffed against:    %s%n", previous));
    text.append(String.format(Locale.ROOT, "  manifests:         %s%n", stateFile));
    text.append(String.format(Locale.ROOT,
        "  time:              %.1f s%n", elapsed.toMillis() / 1000.0));
    return text.toString();
  }

  /**
   * The same lines in the conditional, the cost split into what the run would cost and what this
   * dry run cost (the stamps it read from the store, when it had no manifest to trust).
   */
  private String describeDryRun() {
    StringBuilder text = new StringBuilder();
    text.append(String.format(Locale.ROOT,
        "dry run %s of %s on %s, as of %s: nothing was written%n", runId,
        String.join(", ", jobs), runner, asOf));
    text.append(String.format(Locale.ROOT,
        "  records read:      %,d  %s%n", totalRead(), recordsRead));
    text.append(String.format(Locale.ROOT,
        "  would write:       %,d  (delete %,d, leave %,d unchanged) to %s%n",
        writes.written(), writes.deleted(), writes.unchanged(), store));
    text.append(String.format(Locale.ROOT, "  would dead-letter: %,d  %s%n", totalDeadLettered(),
        deadLettered.isEmpty() ? "" : deadLettered));
    appendFieldsNotRead(text);
    text.append(String.format(Locale.ROOT,
        "  firestore cost:    $%.4f if run  (full rewrite $%.4f;%s at %s"
            + " per 100k); this dry run read %,d stamps, $%.4f%n",
        writes.dollars(), writes.fullRewriteDollars(), writes.deadLetters() == 0 ? ""
            : String.format(Locale.ROOT, " %,d dead-letter document%s to write;", writes.deadLetters(),
                writes.deadLetters() == 1 ? "" : "s"),
        writes.prices(), writes.stampsRead(), writes.prices().cost(0, 0, writes.stampsRead())));
    text.append(String.format(Locale.ROOT, "  diffed against:    %s%n", previous));
    text.append(String.format(Locale.ROOT,
        "  manifests:         none written; %s as it was%n", stateFile));
    text.append(String.format(Locale.ROOT,
        "  time:              %.1f s%n", elapsed.toMillis() / 1000.0));
    return text.toString();
  }

  private void appendFieldsNotRead(StringBuilder text) {
    if (!fieldsNotRead.isEmpty()) {
      text.append(String.format(Locale.ROOT,
          "  fields not read:   %s (records kept; no job reads these)%n",
          fieldsNotRead));
      if (fieldsNotRead.keySet().stream().anyMatch(name -> name.endsWith(ParseRecords.OTHER_FIELDS))) {
        text.append(String.format(Locale.ROOT,
            "                     each worker names only its first %d fields"
            + " and folds the rest, so a named count can be low%n", ParseRecords.MAX_NAMED_FIELDS));
      }
    }
  }
}
