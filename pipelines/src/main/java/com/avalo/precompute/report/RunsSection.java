package com.avalo.precompute.report;

import com.avalo.precompute.report.Chart.Series;
import com.avalo.precompute.report.RunRecord.DeadLetterCount;
import com.avalo.precompute.report.Table.Column;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The runs part of the report: per run what the history records, dead letters by collection and
 * reason, and, once a history records them, duration, documents and cost over time. A figure the
 * history does not record is named as missing, never drawn as zero.
 */
final class RunsSection {
  private RunsSection() {}

  /** A figure of a run: its column header, format and value (null when not recorded). */
  private record Figure(String header, Format format, Function<RunRecord, Object> value) {}

  private static final List<Figure> FIGURES = List.of(
      new Figure("recorded at (UTC)", null, r -> r.recordedAt() == null ? null : r.recordedAt().toString()),
      new Figure("schedule", null, RunRecord::schedule),
      new Figure("jobs", null, r -> r.jobs() == null ? null : String.join(", ", r.jobs())),
      new Figure("window", null, r -> r.windowStart() == null ? null : r.windowStart() + " to " + r.windowEnd()),
      new Figure("state", null, RunRecord::state),
      new Figure("attempt", Format.COUNT, RunRecord::attempt),
      new Figure("started (UTC)", null, r -> r.startedAt() == null ? null : r.startedAt().toString()),
      new Figure("duration (s)", Format.SECONDS, r -> r.duration() == null ? null : r.duration().toMillis() / 1000.0),
      new Figure("records read", Format.COUNT, RunRecord::recordsRead),
      new Figure("documents written", Format.COUNT, RunRecord::documentsWritten),
      new Figure("documents unchanged", Format.COUNT, RunRecord::documentsUnchanged),
      new Figure("documents deleted", Format.COUNT, RunRecord::documentsDeleted),
      new Figure("dead letters", Format.COUNT, r -> r.deadLetters() == null ? null : r.totalDeadLetters()),
      new Figure("estimated cost (USD)", Format.USD, RunRecord::estimatedCostUsd));

  static Section build(RunHistory history, int limit) {
    List<RunRecord> newestFirst = history.newest(limit);
    List<RunRecord> runs = new ArrayList<>(newestFirst);
    Collections.reverse(runs); // charts read left to right, oldest to newest
    List<String> about = List.of("The " + limit + " newest runs at most, from " + history.describe() + ".");
    List<String> notices = new ArrayList<>(history.limitations());
    if (runs.isEmpty()) {
      notices.add("No run found in " + history.describe() + ".");
      return new Section("runs", "Runs", about, notices, List.of(), List.of());
    }
    List<Figure> recorded = FIGURES.stream()
        .filter(f -> runs.stream().anyMatch(r -> f.value().apply(r) != null)).toList();
    List<Column> columns = new ArrayList<>(List.of(Column.text("run")));
    recorded.forEach(f -> columns.add(new Column(f.header(), f.format())));
    List<List<Object>> rows = new ArrayList<>();
    for (RunRecord run : newestFirst) {
      List<Object> row = new ArrayList<>(List.of(run.runId()));
      recorded.forEach(f -> row.add(f.value().apply(run)));
      rows.add(row);
    }
    List<Table> tables = new ArrayList<>(List.of(new Table("Runs, newest first", columns, rows)));
    List<Chart> charts = new ArrayList<>();
    List<String> names = runs.stream().map(RunRecord::runId).toList();
    deadLetters(runs, names, charts, notices);
    if (recorded.stream().anyMatch(f -> f.header().startsWith("duration"))) {
      charts.add(new Chart("run-durations", "Run duration", "How long each run took, oldest "
          + "first.", "run", names, "duration (s)", Format.SECONDS, List.of(Series.bar("duration",
          values(runs, r -> r.duration() == null ? null : r.duration().toMillis() / 1000.0))),
          List.of(), tables.get(0)));
    }
    if (runs.stream().anyMatch(r -> r.documentsWritten() != null)) {
      List<Series> documents = List.of(
          new Series("written", "bar", values(runs, RunRecord::documentsWritten), "documents"),
          new Series("unchanged", "bar", values(runs, RunRecord::documentsUnchanged), "documents"),
          new Series("deleted", "bar", values(runs, RunRecord::documentsDeleted), "documents"));
      charts.add(new Chart("run-documents", "Documents per run: written, unchanged, deleted",
          "Cache documents each run wrote, left as they were and deleted, oldest first.", "run",
          names, "documents", Format.COUNT, documents, List.of(), tables.get(0)));
    }
    if (runs.stream().anyMatch(r -> r.estimatedCostUsd() != null)) {
      charts.add(new Chart("run-costs", "Estimated cost per run", "The ledger's cost estimate of "
          + "each run, oldest first.", "run", names, "estimated cost (USD)", Format.USD,
          List.of(Series.bar("estimated cost", values(runs, RunRecord::estimatedCostUsd))),
          List.of(), tables.get(0)));
    }
    List<String> missing = FIGURES.stream().filter(f -> !recorded.contains(f))
        .map(Figure::header).toList();
    if (!missing.isEmpty()) {
      notices.add("Not recorded for these runs, so neither shown nor charted: "
          + String.join(", ", missing) + ".");
    }
    return new Section("runs", "Runs", about, notices, charts, tables);
  }

  private static void deadLetters(List<RunRecord> runs, List<String> names, List<Chart> charts,
      List<String> notices) {
    List<RunRecord> known = runs.stream().filter(r -> r.deadLetters() != null).toList();
    if (known.isEmpty()) {
      return;
    }
    if (known.stream().allMatch(r -> r.totalDeadLetters() == 0)) {
      notices.add("None of these " + known.size() + " runs dead-lettered anything.");
      return;
    }
    SortedSet<String> collections = new TreeSet<>();
    known.forEach(r -> r.deadLetters().forEach(c -> collections.add(c.collection())));
    List<Series> series = new ArrayList<>();
    for (String collection : collections) {
      series.add(new Series(collection, "bar", values(runs, r -> r.deadLetters() == null ? null
          : r.deadLetters().stream().filter(c -> c.collection().equals(collection))
              .mapToLong(DeadLetterCount::count).sum()), "letters"));
    }
    List<List<Object>> rows = new ArrayList<>();
    for (int newest = known.size() - 1; newest >= 0; newest--) {
      RunRecord run = known.get(newest);
      for (DeadLetterCount count : run.deadLetters()) {
        rows.add(List.of(run.runId(), count.collection(), count.reason(), count.count(),
            Objects.toString(count.example(), "")));
      }
    }
    Table byReason = new Table("Dead letters by collection and reason, newest run first",
        List.of(Column.text("run"), Column.text("collection"),
            Column.text("reason (values masked)"), new Column("dead letters", Format.COUNT),
            Column.text("example reason")), rows);
    charts.add(new Chart("dead-letters", "Dead letters per run, by collection", "Records each "
        + "run could not use, stacked by source collection (cache: documents the writer refused); "
        + "the table below gives them by reason.", "run", names, "dead letters (records)",
        Format.COUNT, series, List.of(), byReason));
  }

  private static <T extends Number> List<T> values(List<RunRecord> runs, Function<RunRecord, T> value) {
    return runs.stream().map(value).toList();
  }
}
