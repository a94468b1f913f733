package com.avalo.precompute.report;

import com.avalo.precompute.analytics.Bucket;
import com.avalo.precompute.analytics.Granularity;
import com.avalo.precompute.schemas.AnalyticsBucket;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Figures taken from analytics documents as stored: a missing figure is null, never zero. */
final class Figures {
  private Figures() {}

  /** The number at {@code path} under {@code node}, as stored; null when absent or null. */
  static Number number(JsonNode node, String... path) {
    JsonNode at = node;
    for (String step : path) {
      if (at == null) {
        return null;
      }
      at = at.get(step);
    }
    return at != null && at.isNumber() ? at.numberValue() : null;
  }

  /** {@code figure} of each category's bucket; null where a category has no document. */
  static List<Number> values(List<String> categories, Map<String, AnalyticsBucket> buckets,
      Function<JsonNode, Number> figure) {
    List<Number> values = new ArrayList<>(categories.size());
    for (String category : categories) {
      AnalyticsBucket bucket = buckets.get(category);
      values.add(bucket == null ? null : figure.apply(bucket.values()));
    }
    return values;
  }

  /** Rows of a table: one per category, its label then each column's value. */
  static List<List<Object>> rows(List<String> categories, List<List<?>> columns) {
    List<List<Object>> rows = new ArrayList<>();
    for (int i = 0; i < categories.size(); i++) {
      List<Object> row = new ArrayList<>();
      row.add(categories.get(i));
      for (List<?> column : columns) {
        row.add(column.get(i));
      }
      rows.add(row);
    }
    return rows;
  }

  /** Whether each category's bucket had ended by its run's asOf; null without a document. */
  static List<Boolean> complete(List<String> categories, Map<String, AnalyticsBucket> buckets) {
    List<Boolean> complete = new ArrayList<>();
    for (String category : categories) {
      AnalyticsBucket bucket = buckets.get(category);
      complete.add(bucket == null ? null : bucket.values().path("complete").asBoolean());
    }
    return complete;
  }

  /**
   * A sentence naming the periods of {@code categories} whose buckets were still in progress
   * when computed ({@code complete} false), or "" when there are none.
   */
  static String inProgressNote(List<String> categories, List<Boolean> complete) {
    List<String> open = new ArrayList<>();
    for (int i = 0; i < categories.size(); i++) {
      if (Boolean.FALSE.equals(complete.get(i))) {
        open.add(categories.get(i));
      }
    }
    return open.isEmpty() ? "" : " Still in progress when computed, so partial: "
        + String.join(", ", open) + ".";
  }

  /** The periods of {@code granularity} that cover {@code range}, in order. */
  static List<String> periodsCovering(ReportRange range, Granularity granularity, ZoneId zone) {
    List<String> periods = new ArrayList<>();
    Bucket bucket = Bucket.containing(range.from().atStartOfDay(zone).toInstant(), granularity, zone);
    java.time.Instant end = range.to().plusDays(1).atStartOfDay(zone).toInstant();
    while (bucket.start().isBefore(end)) {
      periods.add(bucket.period());
      bucket = bucket.next(zone);
    }
    return periods;
  }

  /** The zone the buckets were cut in (UTC when there are none). */
  static ZoneId zoneOf(Map<String, AnalyticsBucket> buckets) {
    return buckets.values().stream().findFirst().map(b -> ZoneId.of(b.zone()))
        .orElse(ZoneOffset.UTC);
  }
}
