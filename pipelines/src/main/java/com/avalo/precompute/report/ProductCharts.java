package com.avalo.precompute.report;

import static com.avalo.precompute.report.Figures.number;

import com.avalo.precompute.report.Chart.Series;
import com.avalo.precompute.report.Table.Column;
import com.avalo.precompute.schemas.AnalyticsBucket;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Charts of the product's analytics: active users, net revenue per currency, match and response
 * rates, and retention by signup cohort; each figure as stored in its document.
 */
final class ProductCharts {
  private ProductCharts() {}

  /** DAU, WAU or MAU: distinct active users of each period in {@code periods}. */
  static Chart activeUsers(String id, String title, String periodName, List<String> periods,
      SortedMap<String, AnalyticsBucket> buckets) {
    List<Number> users = Figures.values(periods, buckets, v -> number(v, "activeUsers"));
    List<Number> sessions = Figures.values(periods, buckets, v -> number(v, "sessions"));
    List<Boolean> complete = Figures.complete(periods, buckets);
    Table table = new Table(title, List.of(Column.text(periodName), new Column("active users", Format.COUNT),
        new Column("sessions", Format.COUNT), Column.text("complete")),
        Figures.rows(periods, List.of(users, sessions, complete)));
    Series all = "line".equals(kindFor(periods)) ? Series.line(title, users) : Series.bar(title, users);
    return new Chart(id, title, "Distinct users with a session_start or api_call event in the "
        + periodName + ", counted exactly (analytics:active_users:{" + periodName + "})."
        + Figures.inProgressNote(periods, complete),
        periodName + " (" + zoneLabel(buckets) + ")", periods, "active users (users)", Format.COUNT,
        all.apartInProgress(complete), List.of(), table);
  }

  private static String kindFor(List<String> periods) {
    return periods.size() > 12 ? "line" : "bar";
  }

  /** One chart per currency found in the range: net revenue (gross minus refunds) per day. */
  static List<Chart> netRevenue(List<String> days, SortedMap<String, AnalyticsBucket> buckets) {
    SortedSet<String> currencies = new TreeSet<>();
    buckets.values().forEach(b -> b.values().path("byCurrency").fieldNames()
        .forEachRemaining(currencies::add));
    List<Chart> charts = new ArrayList<>();
    for (String currency : currencies) {
      Format money = Format.minorUnits(currency);
      List<List<?>> columns = new ArrayList<>();
      for (String figure : List.of("grossMinor", "refundedMinor", "netMinor", "purchases", "refunds")) {
        // A day with a document but no record in this currency had none: 0, as the bucket says.
        columns.add(Figures.values(days, buckets, v -> {
          JsonNode inCurrency = v.path("byCurrency").get(currency);
          return inCurrency == null ? Long.valueOf(0) : number(inCurrency, figure);
        }));
      }
      @SuppressWarnings("unchecked")
      List<Number> net = (List<Number>) columns.get(2);
      List<Boolean> complete = Figures.complete(days, buckets);
      columns.add(complete);
      Table table = new Table("Net revenue, " + currency, List.of(Column.text("day"),
          new Column("gross (" + currency + ")", money), new Column("refunded (" + currency + ")", money),
          new Column("net (" + currency + ")", money), new Column("purchases", Format.COUNT),
          new Column("refunds", Format.COUNT), Column.text("complete")), Figures.rows(days, columns));
      charts.add(new Chart("revenue-" + currency, "Net revenue per day, " + currency,
          "Completed purchases minus refunds in " + currency + " (analytics:revenue:{day}, "
              + "byCurrency." + currency + ".netMinor). A refund counts on its own day, so a day can "
              + "be negative. Currencies are never added together or converted."
              + Figures.inProgressNote(days, complete),
          "day (" + zoneLabel(buckets) + ")", days, "net revenue (" + currency + ")", money,
          Series.bar("net (gross − refunds)", net).apartInProgress(complete), List.of(), table));
    }
    return charts;
  }

  /** Match rate and response rate per day. */
  static Chart rates(List<String> days, SortedMap<String, AnalyticsBucket> buckets) {
    List<Number> matchRate = Figures.values(days, buckets, v -> number(v, "matchRate"));
    List<Number> responseRate = Figures.values(days, buckets, v -> number(v, "responseRate"));
    List<Number> likes = Figures.values(days, buckets, v -> sum(number(v, "likes"), number(v, "superlikes")));
    List<Number> matches = Figures.values(days, buckets, v -> number(v, "matches"));
    List<Number> started = Figures.values(days, buckets, v -> number(v, "chatsStarted"));
    List<Number> replied = Figures.values(days, buckets, v -> number(v, "chatsReplied"));
    List<Number> awaiting = Figures.values(days, buckets, v -> number(v, "chatsAwaitingReply"));
    List<Boolean> complete = Figures.complete(days, buckets);
    Table table = new Table("Match and response rates", List.of(Column.text("day"),
        new Column("likes + superlikes", Format.COUNT), new Column("matches", Format.COUNT),
        new Column("match rate", Format.PERCENT), new Column("chats started", Format.COUNT),
        new Column("chats replied", Format.COUNT), new Column("awaiting reply", Format.COUNT),
        new Column("response rate", Format.PERCENT), Column.text("complete")),
        Figures.rows(days, List.of(likes, matches, matchRate, started, replied, awaiting,
            responseRate, complete)));
    return new Chart("rates", "Match rate and response rate per day",
        "analytics:engagement:{day}. Match rate = matches / (likes + superlikes) of the day, a "
            + "ratio of the day's events that can pass 100 %. Response rate = chats whose first "
            + "message was sent that day and answered by the other side within the response "
            + "window, over chats started; while chats still await a reply it can rise."
            + Figures.inProgressNote(days, complete),
        "day (" + zoneLabel(buckets) + ")", days, "rate (%)", Format.PERCENT,
        List.of(Series.line("match rate", matchRate), Series.line("response rate", responseRate)),
        List.of(), table);
  }

  /** D1, D7 and D30 retention of each signup cohort in the range. */
  static Chart retention(List<String> cohorts, SortedMap<String, AnalyticsBucket> buckets) {
    List<List<?>> columns = new ArrayList<>();
    columns.add(Figures.values(cohorts, buckets, v -> number(v, "cohortSize")));
    List<Series> series = new ArrayList<>();
    for (String day : List.of("d1", "d7", "d30")) {
      columns.add(Figures.values(cohorts, buckets, v -> number(v, day, "active")));
      columns.add(Figures.values(cohorts, buckets, v -> number(v, day, "rate")));
      // Drawn once the day is over: the newest cohort's D1 in progress read as a drop.
      series.add(Series.line(day.toUpperCase(Locale.ROOT), Figures.values(cohorts, buckets,
          v -> v.path(day).path("complete").asBoolean(true) ? number(v, day, "rate") : null)));
    }
    columns.add(Figures.complete(cohorts, buckets));
    Table table = new Table("Retention by cohort", List.of(Column.text("cohort (signup day)"),
        new Column("cohort size", Format.COUNT), new Column("D1 active", Format.COUNT),
        new Column("D1 rate", Format.PERCENT), new Column("D7 active", Format.COUNT),
        new Column("D7 rate", Format.PERCENT), new Column("D30 active", Format.COUNT),
        new Column("D30 rate", Format.PERCENT), Column.text("complete")),
        Figures.rows(cohorts, columns));
    return new Chart("retention", "Retention by signup cohort: D1, D7, D30",
        "analytics:retention:{cohort day}: the share of the users who signed up that day who were "
            + "active on calendar day 1, 7 and 30 after it. A gap is a day not yet over when "
            + "the document was computed (the table shows a day in progress as far as it went); "
            + "small cohorts swing widely (see the cohort sizes).",
        "signup cohort (day)", cohorts, "retained (% of cohort)", Format.PERCENT, series, List.of(),
        table);
  }

  static String zoneLabel(SortedMap<String, AnalyticsBucket> buckets) {
    return Figures.zoneOf(buckets).getId();
  }

  private static Number sum(Number a, Number b) {
    return a == null || b == null ? null : a.longValue() + b.longValue();
  }
}
