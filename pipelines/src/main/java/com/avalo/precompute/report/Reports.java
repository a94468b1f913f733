package com.avalo.precompute.report;

import com.avalo.precompute.serving.store.CacheStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Makes the report of a store: analytics over a range of days, the current feeds and the recent
 * runs, written as one self-contained HTML file.
 */
public final class Reports {
  private Reports() {}

  /**
   * Builds the report and writes it to {@code out}, creating its directory.
   *
   * @param from first day (YYYY-MM-DD), or blank for {@value ReportRange#DEFAULT_DAYS} days up to
   *     {@code to}
   * @param to last day, or blank for the newest day with an analytics document
   * @param runs how many of the newest runs to show
   * @return one line saying what was written
   * @throws IllegalArgumentException when a date does not parse or the range is reversed
   */
  public static String write(CacheStore store, String from, String to, RunHistory history,
      int runs, Path out, Clock clock) {
    Report report = build(store, from, to, history, runs, clock);
    try {
      Path absolute = out.toAbsolutePath();
      Files.createDirectories(absolute.getParent());
      Files.writeString(absolute, ReportPage.render(report));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the report to " + out + ": " + e.getMessage(), e);
    }
    long charts = report.sections().stream().mapToLong(s -> s.charts().size()).sum();
    long notices = report.notices().size()
        + report.sections().stream().mapToLong(s -> s.notices().size()).sum();
    return "wrote " + out + ": " + charts + (charts == 1 ? " chart, " : " charts, ") + notices
        + (notices == 1 ? " note" : " notes") + " on missing data; "
        + "analytics days " + report.range() + ", store " + report.store();
  }

  static Report build(CacheStore store, String from, String to, RunHistory history, int runs,
      Clock clock) {
    if (runs < 1) {
      throw new IllegalArgumentException("--runs must be at least 1, not " + runs);
    }
    AnalyticsDocs docs = new AnalyticsDocs(store);
    Optional<LocalDate> newestComplete = docs.newestCompleteDay();
    ReportRange range = newestComplete.isPresent()
        ? ReportRange.resolve(from, to, newestComplete, "the newest day whose analytics buckets had"
            + " ended (later days, still in progress, need --to)", LocalDate.now(clock))
        : ReportRange.resolve(from, to, docs.newestDay(), LocalDate.now(clock));
    List<String> notices = new ArrayList<>();
    if (store.keysWithPrefix("", 1).isEmpty()) {
      notices.add("The store " + store.describe() + " holds no documents at all: fill it with "
          + "'precompute run all'. Each section says what it would show.");
    }
    List<Section> sections = List.of(AnalyticsSection.build(docs, range),
        FeedsSection.build(new StoreReads(store)), RunsSection.build(history, runs));
    return new Report(store.describe(), range, clock.instant(), notices, sections);
  }
}
