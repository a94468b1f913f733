package com.avalo.precompute.report;

import static com.avalo.precompute.report.Figures.number;

import com.avalo.precompute.report.Chart.Series;
import com.avalo.precompute.report.Chart.Threshold;
import com.avalo.precompute.report.Table.Column;
import com.avalo.precompute.schemas.AnalyticsBucket;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;

/**
 * Charts of the API's analytics ({@code analytics:api:{day}}, all endpoints merged): latency
 * percentiles and cache hit rates by layer, with the alert thresholds the documents were judged
 * by drawn as lines.
 */
final class ApiCharts {
  private ApiCharts() {}

  /** p50, p95 and p99 latency per day; a day without calls has no latency (not 0 ms). */
  static Chart latency(List<String> days, SortedMap<String, AnalyticsBucket> buckets) {
    List<Number> calls = Figures.values(days, buckets, v -> number(v, "calls"));
    List<List<?>> columns = new ArrayList<>(List.of(calls,
        Figures.values(days, buckets, v -> number(v, "errors"))));
    List<Series> series = new ArrayList<>();
    for (String percentile : List.of("p50", "p95", "p99", "max")) {
      List<Number> values = Figures.values(days, buckets,
          v -> hasCalls(v) ? number(v, "latencyMs", percentile) : null);
      columns.add(values);
      if (!percentile.equals("max")) {
        series.add(Series.line(percentile, values));
      }
    }
    columns.add(days.stream().map(day -> buckets.containsKey(day)
        ? buckets.get(day).values().path("alerts").path("p95").asText(null) : null).toList());
    List<Boolean> complete = Figures.complete(days, buckets);
    columns.add(complete);
    Table table = new Table("API latency", List.of(Column.text("day"),
        new Column("calls", Format.COUNT), new Column("errors", Format.COUNT),
        new Column("p50", Format.MILLISECONDS), new Column("p95", Format.MILLISECONDS),
        new Column("p99", Format.MILLISECONDS), new Column("max", Format.MILLISECONDS),
        Column.text("p95 alert level"), Column.text("complete")), Figures.rows(days, columns));
    Thresholds limits = Thresholds.of(buckets);
    List<Threshold> lines = limits.lines("p95", "p95WarningMs", "p95CriticalMs");
    return new Chart("latency", "API latency per day: p50, p95, p99",
        "analytics:api:{day}, all endpoints merged, from the app's api_call events (errors "
            + "included); percentiles from an HdrHistogram, within 0.1 % above the exact value (1 %"
            + " in buckets written before 2026-12-06). The lines are the p95 alert levels the"
            + " documents were judged by" + limits.note() + Figures.inProgressNote(days, complete),
        "day (" + ProductCharts.zoneLabel(buckets) + ")", days, "latency (ms)",
        Format.MILLISECONDS, series, lines, table);
  }

  /** Cache hit rates per day: overall, memory tier, and Firestore on what memory missed. */
  static Chart hitRates(List<String> days, SortedMap<String, AnalyticsBucket> buckets) {
    List<List<?>> columns = new ArrayList<>();
    for (String layer : List.of("memory", "firestore", "origin", "none")) {
      columns.add(Figures.values(days, buckets, v -> number(v, "cache", "calls", layer)));
    }
    List<Series> series = new ArrayList<>();
    for (String[] rate : new String[][] {{"hitRate", "hit rate (memory + Firestore)"},
        {"memoryHitRate", "memory tier"}, {"firestoreHitRate", "Firestore, on memory misses"}}) {
      List<Number> values = Figures.values(days, buckets, v -> number(v, "cache", rate[0]));
      columns.add(values);
      series.add(Series.line(rate[1], values));
    }
    List<Boolean> complete = Figures.complete(days, buckets);
    columns.add(complete);
    Table table = new Table("Cache hit rates by layer", List.of(Column.text("day"),
        new Column("answered from memory", Format.COUNT),
        new Column("answered from Firestore", Format.COUNT),
        new Column("answered by origin", Format.COUNT), new Column("not cacheable", Format.COUNT),
        new Column("hit rate", Format.PERCENT), new Column("memory hit rate", Format.PERCENT),
        new Column("Firestore hit rate", Format.PERCENT), Column.text("complete")),
        Figures.rows(days, columns));
    Thresholds limits = Thresholds.of(buckets);
    List<Threshold> lines = limits.lines("hit rate", "hitRateWarning", "hitRateCritical");
    return new Chart("hit-rates", "Cache hit rates by layer per day",
        "analytics:api:{day}, from the cacheLayer the app logged with each api_call (memory, "
            + "firestore, origin, none), not from the serving module's own metrics. Hit rate = "
            + "(memory + Firestore) / cacheable calls; memory = memory / cacheable; Firestore = "
            + "Firestore / (Firestore + origin). The lines are the hit-rate alert levels, which "
            + "apply to the overall hit rate" + limits.note()
            + Figures.inProgressNote(days, complete),
        "day (" + ProductCharts.zoneLabel(buckets) + ")", days, "hit rate (%)", Format.PERCENT,
        series, lines, table);
  }

  private static boolean hasCalls(JsonNode values) {
    Number calls = number(values, "calls");
    return calls != null && calls.longValue() > 0;
  }

  /** The thresholds written in the documents: the newest day's, and whether others differ. */
  private record Thresholds(JsonNode newest, Set<JsonNode> all) {
    static Thresholds of(SortedMap<String, AnalyticsBucket> buckets) {
      Set<JsonNode> all = new LinkedHashSet<>();
      JsonNode newest = null;
      for (AnalyticsBucket bucket : buckets.values()) {
        JsonNode thresholds = bucket.values().path("alerts").get("thresholds");
        if (thresholds != null) {
          all.add(thresholds);
          newest = thresholds;
        }
      }
      return new Thresholds(newest, all);
    }

    /** The warning and critical lines of {@code figure}, from the newest day's thresholds. */
    List<Threshold> lines(String figure, String warningField, String criticalField) {
      if (newest == null) {
        return List.of();
      }
      return List.of(
          new Threshold(figure + " warning", newest.path(warningField).asDouble(), Threshold.WARNING),
          new Threshold(figure + " critical", newest.path(criticalField).asDouble(), Threshold.CRITICAL));
    }

    String note() {
      return all.size() > 1 ? "; the days were judged by " + all.size()
          + " different sets of thresholds (see the documents), the newest day's are drawn." : ".";
    }
  }
}
