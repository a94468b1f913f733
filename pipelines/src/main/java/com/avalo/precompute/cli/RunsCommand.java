package com.avalo.precompute.cli;

import com.avalo.precompute.schemas.Json;
import com.avalo.precompute.serving.store.LedgerAttempt;
import com.avalo.precompute.serving.store.LedgerRecord;
import com.avalo.precompute.serving.store.RunCounts;
import com.avalo.precompute.serving.store.RunLedger;
import com.avalo.precompute.serving.store.StoreSpec;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code precompute runs [--schedule S] [--last N] [--json]}: what the run ledger holds, one line
 * per window (its latest attempt), oldest first of the newest N, or every attempt as JSON.
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
      description = "The N newest windows. Default: ${DEFAULT-VALUE}")
  int last;

  @Option(names = "--json", description = "Every attempt of each window, as JSON")
  boolean json;

  @Override
  public Integer call() {
    if (last < 1) {
      throw new IllegalArgumentException("--last must be at least 1, not " + last);
    }
    StoreSpec spec = store.spec();
    spec.openExisting().close(); // a mistyped store file is refused, not created
    List<LedgerRecord> records;
    String where;
    SortedSet<String> otherSchedules = new TreeSet<>();
    try (RunLedger ledger = spec.openLedger()) {
      records = new ArrayList<>(ledger.newest(schedule, last));
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

  /** Columns of counts, right-aligned so that their digits line up. */
  private static final Set<Integer> NUMERIC_COLUMNS = Set.of(3, 6, 7, 8, 9, 10, 11);

  static String table(List<LedgerRecord> records) {
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("SCHEDULE", "WINDOW", "STATE", "ATTEMPT", "STARTED", "DURATION", "READ",
        "WRITTEN", "UNCHANGED", "DELETED", "DEAD LETTERS", "COST"));
    for (LedgerRecord record : records) {
      LedgerAttempt attempt = record.latest();
      RunCounts counts = attempt.counts();
      rows.add(List.of(record.schedule(), record.windowStart().toString(), attempt.state().name(),
          String.valueOf(attempt.attempt()), attempt.startedAt().toString(),
          attempt.duration() != null ? String.format("%.1f s", attempt.duration().toMillis() / 1000.0)
              : "lease until " + attempt.leaseUntil(),
          number(counts.totalRead()), number(counts.documentsWritten()),
          number(counts.documentsUnchanged()), number(counts.documentsDeleted()),
          String.valueOf(counts.totalDeadLetters()),
          attempt.estimatedCostUsd() == null ? "-" : String.format("$%.6f", attempt.estimatedCostUsd())));
    }
    int[] widths = new int[rows.get(0).size()];
    rows.forEach(row -> {
      for (int i = 0; i < row.size(); i++) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    });
    StringBuilder text = new StringBuilder();
    for (List<String> row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.size(); i++) {
        String align = NUMERIC_COLUMNS.contains(i) ? "%" : "%-";
        line.append(String.format(align + widths[i] + "s", row.get(i))).append(i < row.size() - 1 ? "  " : "");
      }
      text.append(line.toString().stripTrailing()).append('\n');
    }
    return text.toString();
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
