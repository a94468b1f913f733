package com.avalo.precompute.io;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;

/**
 * A run's counters as far as the runner has reported them: records read per source collection,
 * documents written per job (the writer counts each document under the job that made it),
 * documents deleted and records dead-lettered. Attempted values, so a live read counts work
 * that a failed bundle will redo.
 */
public record RunCounters(
    SortedMap<String, Long> recordsRead,
    SortedMap<String, Long> writtenByJob,
    long documentsDeleted,
    long deadLettered) {

  /** The counters in {@code metrics}; namespaces other than the four above are ignored. */
  public static RunCounters from(MetricQueryResults metrics) {
    SortedMap<String, Long> read = new TreeMap<>();
    SortedMap<String, Long> written = new TreeMap<>();
    long deleted = 0;
    long deadLettered = 0;
    for (MetricResult<Long> counter : metrics.getCounters()) {
      long value = counter.getAttempted() == null ? 0 : counter.getAttempted();
      String name = counter.getName().getName();
      switch (counter.getName().getNamespace()) {
        case "records_read" -> read.merge(name, value, Long::sum);
        case "documents_written" -> written.merge(name, value, Long::sum);
        case "documents_deleted" -> deleted += value;
        case "dead_lettered" -> deadLettered += value;
        default -> { }
      }
    }
    return new RunCounters(read, written, deleted, deadLettered);
  }

  public long totalRead() {
    return sum(recordsRead);
  }

  public long totalWritten() {
    return sum(writtenByJob);
  }

  private static long sum(Map<String, Long> counts) {
    return counts.values().stream().mapToLong(Long::longValue).sum();
  }
}
