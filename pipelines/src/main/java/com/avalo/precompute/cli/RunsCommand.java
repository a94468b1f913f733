package com.avalo.precompute.cli;

import com.avalo.precompute.report.LedgerRuns;
import com.avalo.precompute.schemas.Json;
import com.avalo.precompute.serving.store.LedgerAttempt;
import com.avalo.precompute.serving.store.RunState;
import com.avalo.precompute.serving.store.LedgerRecord;
import com.avalo.precompute.serving.store.RunLedger;
import com.avalo.precompute.serving.store.StoreSpec;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code precompute runs [--schedule S] [--last N] [--json]}: what the run ledger holds, one line
 * per window (its latest attempt), oldest first of each schedule's newest N, or every attempt as
 * JSON.
 */
@Command(name = "runs", mixinStandardHelpOptions = true,
    description = {"Lists the run ledger, one line per window of a schedule.",
        "Each line: schedule, window, state, attempt, start, duration, records read, documents",
        "written, unchanged and deleted, dead letters and estimated cost; --json gives every",
        "attempt, with where its manifests are."})
final class RunsCommand implements Callable<Integer> {
  @Mixin StoreOptions store = new StoreOptions();

  @Option(names = "--schedule", paramLabel = "NAME", description = "Only this schedule's windows")
  String schedule;

  @Option(names = "--last", paramLabel = "N", defaultValue = "20",
      description = "The N newest windows of each schedule. Default: ${DEFAULT-VALUE}")
  int last;

  @Option(names = "--json", description = "Every attempt of each window, as JSON")
  boolean json;

  @Override
  public Integer call() {
    if (last < 1) {
      throw new IllegalArgumentException("--last must be at least 1, not " + last);
    }
    // Read-only: a mistyped store file is refused, not created, and listing changes nothing.
    StoreSpec spec = store.spec().forReading();
    List<LedgerRecord> records;
    String where;
    SortedSet<String> otherSchedules = new TreeSet<>();
    try (RunLedger ledger = spec.openLedger()) {
      // Per schedule: a daily window starts long before it runs, so among the newest windows of
      // all schedules together it fell behind the ten-minute ones and was never listed.
      records = new ArrayList<>(schedule == null ? LedgerRuns.newestWindows(ledger, last)
          : ledger.newest(schedule, last));
      where = ledger.describe();
      if (records.isEmpty() && schedule != null) {
        // Most often a mistyped name: say which schedules the ledger does know.
        ledger.newest(null, SCHEDULES_SHOWN_ON_MISS).forEach(record -> otherSchedules.add(record.schedule()));
      }
    }
    // Oldest first, as a log reads.
    records.sort(Comparator.comparing(LedgerRecord::windowStart).thenComparing(LedgerRecord::schedule));
    if (json) {
      System.out.println(json(records));
    } else if (records.isEmpty()) {
      System.out.println("no runs recorded" + (schedule == null ? "" : " of schedule '" + schedule + "'")
          + " in " + where + (otherSchedules.isEmpty() ? ""
              : "; schedules with recent runs: " + String.join(", ", otherSchedules)));
    } else {
      System.out.print(table(records));
    }
    return 0;
  }

  /** How many of the newest windows a miss looks through for the schedules the ledger knows. */
  private static final int SCHEDULES_SHOWN_ON_MISS = 500;

  /** One column of the table: counts are right-aligned so that their digits line up. */
  private record Column(String header, boolean numeric, Function<LedgerRecord, String> cell) {
    static Column text(String header, Function<LedgerRecord, String> cell) {
      return new Column(header, false, cell);
    }

    static Column count(String header, Function<LedgerRecord, String> cell) {
      return new Column(header, true, cell);
    }
  }

  private static final List<Column> COLUMNS = List.of(
      Column.text("SCHEDULE", LedgerRecord::schedule),
      Column.text("WINDOW", record -> record.windowStart().toString()),
      Column.text("STATE", record -> record.latest().state().name()),
      Column.count("ATTEMPT", record -> String.valueOf(record.latest().attempt())),
      Column.text("STARTED", record -> record.latest().startedAt().toString()),
      Column.text("DURATION", record -> duration(record.latest())),
      Column.count("READ", record -> number(record.latest().counts().totalRead())),
      Column.count("WRITTEN", record -> number(record.latest().counts().documentsWritten())),
      Column.count("UNCHANGED", record -> number(record.latest().counts().documentsUnchanged())),
      Column.count("DELETED", record -> number(record.latest().counts().documentsDeleted())),
      Column.count("DEAD LETTERS", record -> !record.latest().counts().recorded() ? "-"
          : String.valueOf(record.latest().counts().totalDeadLetters())),
      Column.count("COST", record -> cost(record.latest())));

  static String table(List<LedgerRecord> records) {
    List<List<String>> rows = new ArrayList<>();
    rows.add(COLUMNS.stream().map(Column::header).toList());
    for (LedgerRecord record : records) {
      rows.add(COLUMNS.stream().map(column -> column.cell().apply(record)).toList());
    }
    int[] widths = new int[COLUMNS.size()];
    rows.forEach(row -> {
      for (int i = 0; i < row.size(); i++) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    });
    StringBuilder text = new StringBuilder();
    for (List<String> row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.size(); i++) {
        String align = COLUMNS.get(i).numeric() ? "%" : "%-";
        line.append(String.format(Locale.ROOT,
            align + widths[i] + "s", row.get(i))).append(i < row.size() - 1 ? "  " : "");
      }
      text.append(line.toString().stripTrailing()).append('\n');
    }
    return text.toString();
  }

  private static String duration(LedgerAttempt attempt) {
    if (attempt.duration() != null) {
      return String.format(Locale.ROOT, "%.1f s", attempt.duration().toMillis() / 1000.0);
    }
    return (attempt.state() == RunState.RUNNING ? "lease until " : "lease lapsed ")
        + attempt.leaseUntil();
  }

  private static String cost(LedgerAttempt attempt) {
    return attempt.estimatedCostUsd() == null ? "-" : String.format(Locale.ROOT,
        "$%.6f", attempt.estimatedCostUsd());
  }

  static String json(List<LedgerRecord> records) {
    ArrayNode array = Json.MAPPER.createArrayNode();
    for (LedgerRecord record : records) {
      ObjectNode node = array.addObject();
      node.put("schedule", record.schedule());
      node.put("windowStart", record.windowStart().toString());
      node.put("windowEnd", record.windowEnd().toString());
      node.put("state", record.state().name());
      node.put("attempt", record.latest().attempt());
      node.set("attempts", Json.MAPPER.valueToTree(record.attempts()));
    }
    return Json.writePretty(array);
  }

  private static String number(Long value) {
    return value == null ? "-" : String.valueOf(value);
  }
}
