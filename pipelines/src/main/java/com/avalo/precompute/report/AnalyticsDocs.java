package com.avalo.precompute.report;

import com.avalo.precompute.analytics.Bucket;
import com.avalo.precompute.analytics.Granularity;
import com.avalo.precompute.schemas.AnalyticsBucket;
import com.avalo.precompute.schemas.CacheDocument;
import com.avalo.precompute.serving.store.CacheStore;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Reads {@code analytics:{metric}:{period}} documents through the store: day buckets by their
 * day, week and month buckets overlapping a range. Hour buckets are not read. A document that
 * does not parse, envelope or payload, is counted in {@link #unreadableNote()}, not dropped in
 * silence.
 */
final class AnalyticsDocs {
  static final List<String> METRICS = List.of("active_users", "engagement", "revenue", "api",
      "retention");
  /**
   * More keys than a store holds per metric: a million periods is over a century of hour
   * buckets, many times the 400 days a closed bucket stays fresh.
   */
  static final int MAX_KEYS = 1_000_000;

  private final StoreReads reads;

  AnalyticsDocs(CacheStore store) {
    this.reads = new StoreReads(store);
  }

  /** The newest day bucket of any metric, if the store holds one. */
  Optional<LocalDate> newestDay() {
    return METRICS.stream().flatMap(metric -> periods(metric, Granularity.day).stream())
        .map(LocalDate::parse).max(LocalDate::compareTo);
  }

  /**
   * The newest day whose bucket, of any metric, had ended by its run's as-of ({@code complete}):
   * a run as of midnight writes the new day's buckets with nothing in them yet, and a chart ending
   * there fell to zero on its last day.
   */
  Optional<LocalDate> newestCompleteDay() {
    Optional<LocalDate> newest = Optional.empty();
    for (String metric : METRICS) {
      List<String> days = periods(metric, Granularity.day).stream()
          .sorted(Comparator.reverseOrder()).toList();
      // Newest first, a few at a time: only the last day or two are still in progress.
      for (int from = 0; from < days.size(); from += 8) {
        Optional<LocalDate> complete = read(days.subList(from, Math.min(days.size(), from + 8))
            .stream().map(day -> prefix(metric) + day).toList()).values().stream()
            .filter(bucket -> bucket.values().path("complete").asBoolean(false))
            .map(bucket -> LocalDate.parse(bucket.period())).max(LocalDate::compareTo);
        if (complete.isPresent()) {
          newest = newest.filter(day -> day.isAfter(complete.get())).or(() -> complete);
          break;
        }
      }
    }
    return newest;
  }

  /** Whether the store holds any analytics document of the five metrics. */
  boolean any() {
    return METRICS.stream().anyMatch(metric -> !reads.keys(prefix(metric), 1).isEmpty());
  }

  /** The day buckets of {@code metric} within {@code range}, by day. */
  SortedMap<String, AnalyticsBucket> days(String metric, ReportRange range) {
    List<String> keys = periods(metric, Granularity.day).stream()
        .filter(day -> range.contains(LocalDate.parse(day))).map(day -> prefix(metric) + day)
        .toList();
    return read(keys);
  }

  /** The {@code granularity} buckets of {@code metric} that overlap {@code range}, by period. */
  SortedMap<String, AnalyticsBucket> overlapping(String metric, Granularity granularity,
      ReportRange range) {
    SortedMap<String, AnalyticsBucket> buckets = read(periods(metric, granularity).stream()
        .map(period -> prefix(metric) + period).toList());
    buckets.values().removeIf(bucket -> !overlaps(bucket, range));
    return buckets;
  }

  static boolean overlaps(AnalyticsBucket bucket, ReportRange range) {
    ZoneId zone = ZoneId.of(bucket.zone());
    LocalDate first = bucket.start().atZone(zone).toLocalDate();
    LocalDate afterLast = bucket.end().atZone(zone).toLocalDate();
    return !first.isAfter(range.to()) && afterLast.isAfter(range.from());
  }

  /** How many keys did not parse as analytics buckets, and which, with why. */
  Optional<String> unreadableNote() {
    return reads.unreadableNote();
  }

  private SortedMap<String, AnalyticsBucket> read(List<String> keys) {
    SortedMap<String, AnalyticsBucket> buckets = new TreeMap<>();
    for (CacheDocument document : reads.documents(keys)) {
      reads.payload(document, AnalyticsBucket.class)
          .ifPresent(bucket -> buckets.put(bucket.period(), bucket));
    }
    return buckets;
  }

  private List<String> periods(String metric, Granularity granularity) {
    String prefix = prefix(metric);
    List<String> periods = new ArrayList<>();
    for (String key : reads.keys(prefix, MAX_KEYS)) {
      String period = key.substring(prefix.length());
      try {
        if (Bucket.parse(period, ZoneOffset.UTC).granularity() == granularity) {
          periods.add(period);
        }
      } catch (RuntimeException e) {
        reads.markUnreadable(key, "its period is not an hour, day, week or month");
      }
    }
    return periods;
  }

  private static String prefix(String metric) {
    return "analytics:" + metric + ":";
  }
}
