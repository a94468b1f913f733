package com.avalo.precompute.cli;

import com.avalo.precompute.io.PrecomputeOptions;
import com.avalo.precompute.io.RunSettings;
import com.avalo.precompute.store.StoreWriters;
import com.avalo.precompute.report.DeadLetterFiles;
import com.avalo.precompute.report.LedgerRuns;
import com.avalo.precompute.report.RunHistory;
import com.avalo.precompute.serving.store.RunLedger;
import com.avalo.precompute.report.Reports;
import com.avalo.precompute.serving.store.CacheStore;
import com.avalo.precompute.serving.store.StoreSpec;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code precompute report --out FILE.html}: analytics, feeds and runs as one offline page. */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = {"Writes one self-contained HTML report, which opens offline.",
        "It shows analytics over a range of days (active users, revenue, match and response",
        "rates, retention, API latency and cache hit rates), the current feeds, and the recent",
        "runs with their dead letters.",
        "Missing data is said plainly, never drawn as zero."})
final class ReportCommand implements Callable<Integer> {
  @Option(names = "--from", defaultValue = "",
      description = "First day (YYYY-MM-DD); default 29 days before --to (30 days in all)")
  String from;

  @Option(names = "--to", defaultValue = "",
      description = "Last day (YYYY-MM-DD); default the newest day whose analytics buckets have"
          + " ended (the newest day with an analytics document when none has)")
  String to;

  @Option(names = "--runs", defaultValue = "20",
      description = "How many of the newest runs to show. Default: ${DEFAULT-VALUE}")
  int runs;

  @Option(names = "--out", required = true, description = "The HTML file to write")
  Path out;

  @Option(names = "--dead-letter-dir", defaultValue = "",
      description = "Where local runs wrote dead letters; default next to the sqlite store")
  String deadLetterDir;

  @Mixin StoreOptions store;

  /**
   * Where runs by hand left their dead letters, by the runs' own rule: next to a SQLite store, or
   * {@code --dead-letter-dir}. A Firestore store keeps them in Firestore, which the report does not
   * read; it used to read {@code out/dead-letters} under the current directory instead, another
   * store's runs (run-local.sh's), and list them as this store's.
   */
  static RunHistory runsByHand(StoreSpec spec, String deadLetterDir) {
    if (!deadLetterDir.isBlank()) {
      // Given: read there, whatever the store (a Firestore run writes none there itself).
      return new DeadLetterFiles(Path.of(deadLetterDir).toAbsolutePath());
    }
    return StoreWriters.forRun(RunSettings.writingTo(spec),
            PipelineOptionsFactory.as(PrecomputeOptions.class))
        .localDeadLetterDirectory()
        .<RunHistory>map(DeadLetterFiles::new).orElseGet(DeadLetterFiles::keptInFirestore);
  }

  @Override
  public Integer call() {
    try (CacheStore reads = store.openForReading();
        RunLedger ledger = store.spec().forReading().openLedger()) {
      RunHistory history = new LedgerRuns(ledger, runsByHand(store.spec(), deadLetterDir));
      System.out.println(Reports.write(reads, from, to, history, runs, out, Clock.systemUTC()));
    }
    return 0;
  }
}
