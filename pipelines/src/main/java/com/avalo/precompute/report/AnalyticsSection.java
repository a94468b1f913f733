package com.avalo.precompute.report;

import com.avalo.precompute.analytics.Granularity;
import com.avalo.precompute.schemas.AnalyticsBucket;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;

/** The analytics part of the report: each chart from the documents of the range's days. */
final class AnalyticsSection {
  private AnalyticsSection() {}

  static Section build(AnalyticsDocs docs, ReportRange range) {
    List<String> about = List.of("From analytics:{metric}:{period} documents, days " + range
        + " (" + range.chosen() + "). Day, week and month buckets as the analytics job cut them; "
        + "a gap in a chart is a period with no document, not a zero. A bucket still in progress "
        + "when its document was computed says complete = false in the tables, is named under "
        + "its chart, and in the active-user and revenue charts is drawn apart, as "
        + "\"(in progress)\".");
    List<String> notices = new ArrayList<>();
    List<Chart> charts = new ArrayList<>();
    if (!docs.any()) {
      notices.add("The store holds no analytics documents. Write them with 'precompute run "
          + "analytics' (the current buckets) or 'precompute backfill analytics --from D --to D'.");
      return new Section("analytics", "Analytics", about, notices, charts, List.of());
    }
    List<String> days = range.days();
    SortedMap<String, AnalyticsBucket> active = docs.days("active_users", range);
    SortedMap<String, AnalyticsBucket> revenue = docs.days("revenue", range);
    SortedMap<String, AnalyticsBucket> engagement = docs.days("engagement", range);
    SortedMap<String, AnalyticsBucket> retention = docs.days("retention", range);
    SortedMap<String, AnalyticsBucket> api = docs.days("api", range);
    if (active.isEmpty() && revenue.isEmpty() && engagement.isEmpty() && retention.isEmpty()
        && api.isEmpty()) {
      notices.add("No daily analytics document falls between " + range + "; the newest day in the "
          + "store is " + docs.newestDay().map(Object::toString).orElse("none (it holds only hour, "
          + "week or month buckets)") + ". Choose --from/--to within the data, or backfill the range.");
    }
    add(charts, notices, ProductCharts.activeUsers("dau", "Daily active users (DAU)", "day", days,
        active), "analytics:active_users:{day}");
    for (Granularity period : List.of(Granularity.week, Granularity.month)) {
      SortedMap<String, AnalyticsBucket> buckets = docs.overlapping("active_users", period, range);
      String name = period == Granularity.week ? "Weekly active users (WAU, ISO weeks)"
          : "Monthly active users (MAU)";
      add(charts, notices, ProductCharts.activeUsers(period == Granularity.week ? "wau" : "mau",
          name, period.name(), Figures.periodsCovering(range, period, Figures.zoneOf(buckets)),
          buckets), "analytics:active_users:{" + period + "}");
    }
    List<Chart> money = ProductCharts.netRevenue(days, revenue);
    if (money.isEmpty()) {
      notices.add(revenue.isEmpty() ? "Net revenue: no analytics:revenue:{day} document in the range."
          : "Net revenue: the " + revenue.size() + " revenue documents of the range record no "
              + "purchase or refund in any currency.");
    }
    money.forEach(chart -> add(charts, notices, chart, "analytics:revenue:{day}"));
    add(charts, notices, ProductCharts.rates(days, engagement), "analytics:engagement:{day}");
    add(charts, notices, ProductCharts.retention(days, retention), "analytics:retention:{day}",
        !retention.isEmpty());
    add(charts, notices, ApiCharts.latency(days, api), "analytics:api:{day} with calls");
    add(charts, notices, ApiCharts.hitRates(days, api), "analytics:api:{day} with cacheable calls");
    docs.unreadableNote().ifPresent(notices::add);
    return new Section("analytics", "Analytics", about, notices, charts, List.of());
  }

  /** Adds the chart when it has a figure to draw; otherwise says which documents are missing. */
  private static void add(List<Chart> charts, List<String> notices, Chart chart, String source) {
    add(charts, notices, chart, source, false);
  }

  /**
   * As {@link #add(List, List, Chart, String)}; {@code documentsFound}: the range has documents
   * of the chart, whose figures are all still to come (a cohort none of whose D-days has ended),
   * which is not the same as having none.
   */
  private static void add(List<Chart> charts, List<String> notices, Chart chart, String source,
      boolean documentsFound) {
    if (chart.hasData()) {
      charts.add(chart);
    } else if (documentsFound) {
      notices.add(chart.title() + ": the range's " + source + " documents have no figure that has"
          + " ended yet (each is still in progress), so the chart is empty; its table holds them.");
      charts.add(chart);
    } else {
      notices.add(chart.title() + ": no " + source + " document in the range, so no chart.");
    }
  }
}
