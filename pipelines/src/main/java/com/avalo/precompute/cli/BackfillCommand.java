package com.avalo.precompute.cli;

import com.avalo.precompute.analytics.AnalyticsJob;
import com.avalo.precompute.analytics.AnalyticsOptions;
import com.avalo.precompute.analytics.Granularity;
import com.avalo.precompute.io.OptionNames;
import com.avalo.precompute.io.RunSummary;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/** {@code precompute backfill analytics --from D --to D --period day}: recomputes past buckets. */
@Command(name = "backfill", mixinStandardHelpOptions = true,
    description = {"Recomputes every analytics bucket in a date range in one pipeline run.",
        "Reruns are idempotent: the same data gives the same documents. It computes as of now",
        "(there is no --as-of): buckets after now are left out, and a range that has not",
        "started is refused. Other --options go to Beam and the job as with 'run', e.g.",
        "--analyticsZone=Europe/Warsaw, or --stateLocation=DIR (required with --store=firestore)."})
final class BackfillCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "JOB", completionCandidates = Jobs.Backfillable.class,
      description = "The job to backfill: ${COMPLETION-CANDIDATES}")
  String job;

  @Option(names = "--from", required = true, description = "First day (YYYY-MM-DD), inclusive")
  String from;

  @Option(names = "--to", required = true, description = "Last day (YYYY-MM-DD), inclusive")
  String to;

  @Option(names = "--period", defaultValue = "day", split = ",",
      description = "hour, day, week and/or month (comma-separated). Default: ${DEFAULT-VALUE}")
  List<String> periods;

  @Mixin PipelineTarget target = new PipelineTarget();

  // As 'run' has them: without them, --run-id was refused as unknown ("did you mean --runId?")
  // and --runId as the Beam spelling of --run-id, a circle, and the dead letters could not be moved.
  @Option(names = "--run-id", description = "Run id stamped on documents; default generated")
  String runId;

  @Option(names = "--dead-letter-dir",
      description = "Where local runs write dead letters; default next to the sqlite store")
  Path deadLetterDir;

  @Option(names = "--dry-run", description = RunCommand.DRY_RUN)
  boolean dryRun;

  @Unmatched List<String> beamArgs = new ArrayList<>();

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    if (!Jobs.backfillable().contains(job)) {
      throw new IllegalArgumentException("only the " + String.join(", ", Jobs.backfillable())
          + " job has period buckets to backfill, not '" + job + "'");
    }
    List<String> given = RunCommand.names(beamArgs);
    if (given.contains("as-of") || given.contains("asOf")) {
      // Beam would suggest --asOf for --as-of, and 'run' refuses --asOf for --as-of: a circle.
      throw new IllegalArgumentException("backfill takes no --as-of: it runs as of now, so each"
          + " period that has ended holds all its events; give the days with --from and --to");
    }
    // Before the check of spellings: '--inptu x' is a misspelt option, not an option and a value.
    Map<String, String> flags = Map.of("periods", "--period", "runId", "--run-id",
        "deadLetterDir", "--dead-letter-dir");
    OptionNames.of(Jobs.named(List.of(job)), "'precompute backfill --help' lists its options,"
            + " 'precompute jobs' the job's")
        .knowingJobs(Jobs.all())
        .withCommandFlags(CommandFlags.longFlags(spec), flags)
        .refuseUnknown(beamArgs);
    RunCommand.refuseBeamSpellings(beamArgs, flags,
        "backfill takes one job, then options as --name=value");
    // Said before the run starts, under the flag's own name (the job's option is --periods).
    Granularity.parseList("period", String.join(",", periods));
    AnalyticsJob.checkBackfillDays(from, to);
    RunCommand run = new RunCommand();
    run.target = target;
    run.beamArgs = beamArgs;
    run.runId = runId;
    run.deadLetterDir = deadLetterDir;
    run.dryRun = dryRun;
    // --from and --to reach the job as the text given: the job's plan is their one parser.
    RunSummary summary = run.run(Jobs.named(List.of(job)), options -> {
      AnalyticsOptions analytics = options.as(AnalyticsOptions.class);
      analytics.setFrom(from);
      analytics.setTo(to);
      analytics.setPeriods(String.join(",", periods));
    });
    System.out.print(summary.describe());
    return 0;
  }
}
