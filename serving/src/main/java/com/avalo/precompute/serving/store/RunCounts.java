package com.avalo.precompute.serving.store;

import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What an attempt did, as far as it was recorded. A field is null when nothing recorded it: a
 * Dataflow run records in-pipeline what it can count there (documents, dead letters), and only a
 * launcher that waits for the end adds what the runner's metrics tell (records read). The
 * incremental write path fills {@code documentsUnchanged}.
 *
 * @param recordsRead source records read, by collection, or null when not recorded
 * @param documentsWritten cache documents written, or null
 * @param documentsUnchanged documents computed with the content already stored and so not
 *     written, or null
 * @param documentsDeleted cache documents deleted, or null
 * @param deadLetters dead letters by collection and kind of reason; empty when there were none
 */
public record RunCounts(SortedMap<String, Long> recordsRead, Long documentsWritten,
    Long documentsUnchanged, Long documentsDeleted, List<DeadLetterCount> deadLetters) {

  /** Nothing recorded yet. */
  public static final RunCounts NONE = new RunCounts(null, null, null, null, List.of());

  public RunCounts {
    recordsRead = recordsRead == null ? null : new TreeMap<>(recordsRead);
    deadLetters = deadLetters == null ? List.of() : List.copyOf(deadLetters);
  }

  /** These counts with the records read per collection. */
  public RunCounts withRecordsRead(SortedMap<String, Long> value) {
    return new RunCounts(value, documentsWritten, documentsUnchanged, documentsDeleted, deadLetters);
  }

  /** All records read, or null when not recorded. */
  public Long totalRead() {
    return recordsRead == null ? null : recordsRead.values().stream().mapToLong(Long::longValue).sum();
  }

  /**
   * Whether the attempt recorded any counts: one that failed or still runs holds {@link #NONE},
   * whose empty dead letters mean "unknown", not "none".
   */
  public boolean recorded() {
    return !equals(NONE);
  }

  /** All dead letters. */
  public long totalDeadLetters() {
    return deadLetters.stream().mapToLong(DeadLetterCount::count).sum();
  }
}
