package com.avalo.precompute.cli;

import com.avalo.precompute.incremental.ManifestCheck;
import com.avalo.precompute.incremental.ManifestDiff;
import com.avalo.precompute.incremental.ManifestRecord;
import com.avalo.precompute.incremental.StateFileIndex;
import com.avalo.precompute.io.PrecomputeOptions;
import com.avalo.precompute.io.RunSettings;
import com.avalo.precompute.schemas.Json;
import com.avalo.precompute.store.StoreWriter;
import com.avalo.precompute.store.StoreWriters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code precompute diff RUN_A RUN_B}: what changed between two runs' manifests, found by run id
 * in the state file, without reading the store.
 */
@Command(name = "diff", mixinStandardHelpOptions = true,
    description = {"Shows what changed between two runs' manifests.",
        "Keys added, removed and changed, with counts by document type. Runs are found by id in",
        "the state file of the store (next to an sqlite store, or --stateLocation). Reads no store."})
final class DiffCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "RUN_A", description = "The older run's id")
  String runA;

  @Parameters(index = "1", paramLabel = "RUN_B", description = "The newer run's id")
  String runB;

  @Option(names = "--job", description = "Only this job (default: every job both runs ran)")
  String job;

  @Option(names = "--prefix", description = "Only keys starting with this, e.g. feed:")
  String prefix;

  @Option(names = "--json", description = "Print JSON instead of text")
  boolean json;

  @Option(names = "--limit", defaultValue = "20",
      description = "Keys listed per kind of change and job; 0 lists all. Default: ${DEFAULT-VALUE}")
  int limit;

  @Option(names = "--stateLocation", description = "Where the runs' manifests and state file are;"
      + " default next to an sqlite store")
  String stateLocation;

  @Mixin StoreOptions store = new StoreOptions();

  @Override
  public Integer call() {
    PrecomputeOptions options = PipelineOptionsFactory.create().as(PrecomputeOptions.class);
    FileSystems.setDefaultPipelineOptions(options);
    StoreWriter writer = StoreWriters.forRun(RunSettings.writingTo(store.spec()), options);
    String location = stateLocation != null ? stateLocation : writer.defaultStateLocation();
    if (location == null) {
      throw new IllegalArgumentException("--stateLocation is required with " + writer.describe());
    }
    StateFileIndex index = new StateFileIndex(location);
    Map<String, ManifestRecord> before = byJob(index, runA);
    Map<String, ManifestRecord> after = byJob(index, runB);
    List<ManifestDiff> diffs = new ArrayList<>();
    for (String name : after.keySet()) {
      if ((job == null || job.equals(name)) && before.containsKey(name)) {
        diffs.add(ManifestDiff.compare(name, trusted(before.get(name)), trusted(after.get(name)),
            prefix, limit));
      }
    }
    if (diffs.isEmpty()) {
      throw new IllegalArgumentException("runs " + runA + " " + before.keySet() + " and " + runB
          + " " + after.keySet() + " have no job in common" + (job == null ? "" : " named " + job));
    }
    System.out.print(json ? Json.writePretty(new JsonDiff(runA, runB, diffs)) + "\n"
        : text(diffs));
    return 0;
  }

  /** The --json answer: a record keeps its fields in this order on every JVM; Map.of did not. */
  private record JsonDiff(String runA, String runB, List<ManifestDiff> jobs) {}

  private static Map<String, ManifestRecord> byJob(StateFileIndex index, String runId) {
    Map<String, ManifestRecord> jobs = new LinkedHashMap<>();
    index.ofRun(runId).forEach(record -> jobs.put(record.job(), record));
    if (jobs.isEmpty()) {
      throw new IllegalArgumentException("no run " + runId + " in the state files "
          + index.describe().replace("JOB.json", "*.json") + " ('precompute runs' lists"
          + " scheduled runs; a run's id is on the first line of its summary)");
    }
    return jobs;
  }

  private static ManifestCheck.Trusted trusted(ManifestRecord record) {
    if (record.status() == ManifestRecord.Status.STARTED) {
      // A run stopped or failed before it committed: its manifest is missing or partial.
      throw new IllegalArgumentException("run " + record.runId() + " of " + record.job()
          + " never committed its manifest: it was stopped or failed before its writes ended, so"
          + " there is no whole list of its keys to diff");
    }
    ManifestCheck.Result checked = ManifestCheck.check(record.manifest(), record.job(), record.store());
    if (!checked.isTrusted()) {
      throw new IllegalArgumentException(checked.problem());
    }
    return checked.trusted();
  }

  private String text(List<ManifestDiff> diffs) {
    StringBuilder text = new StringBuilder(String.format(Locale.ROOT,
        "diff of runs %s and %s%s%n", runA, runB,
        prefix == null ? "" : ", keys starting " + prefix));
    for (ManifestDiff diff : diffs) {
      text.append(String.format(Locale.ROOT,
          "  %s: %,d keys -> %,d keys: added %,d, removed %,d, changed %,d,"
              + " unchanged %,d%n", diff.job(), diff.keysBefore(), diff.keysAfter(),
          diff.total("added"), diff.total("removed"), diff.total("changed"), diff.total("unchanged")));
      diff.counts().forEach((type, kinds) -> text.append(String.format(Locale.ROOT,
          "    %-12s %s%n", type, kinds)));
      appendKeys(text, "+", diff.added(), diff.total("added"));
      appendKeys(text, "-", diff.removed(), diff.total("removed"));
      appendKeys(text, "~", diff.changed(), diff.total("changed"));
    }
    return text.toString();
  }

  private static void appendKeys(StringBuilder text, String mark, List<String> keys, long total) {
    keys.forEach(key -> text.append("    ").append(mark).append(' ').append(key).append('\n'));
    if (total > keys.size()) {
      text.append(String.format(Locale.ROOT,
          "    %s ... %,d more (--limit)%n", mark, total - keys.size()));
    }
  }
}
