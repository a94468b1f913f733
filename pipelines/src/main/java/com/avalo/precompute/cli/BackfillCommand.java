package com.avalo.precompute.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Unmatched;

/** {@code precompute backfill analytics --from D --to D --period day}: recomputes past buckets. */
@Command(name = "backfill", mixinStandardHelpOptions = true,
    description = {"Recomputes every analytics bucket in a date range in one pipeline run.",
        "Reruns are idempotent: the same data gives the same documents."})
final class BackfillCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "JOB", description = "The job to backfill: analytics")
  String job;

  @Option(names = "--from", required = true, description = "First day (YYYY-MM-DD), inclusive")
  String from;

  @Option(names = "--to", required = true, description = "Last day (YYYY-MM-DD), inclusive")
  String to;

  @Option(names = "--period", defaultValue = "day", split = ",",
      description = "hour, day, week and/or month (comma-separated). Default: ${DEFAULT-VALUE}")
  List<String> periods;

  @Mixin PipelineTarget target = new PipelineTarget();

  @Unmatched List<String> beamArgs = new ArrayList<>();

  @Override
  public Integer call() {
    if (!job.equals("analytics")) {
      throw new IllegalArgumentException("only the analytics job has period buckets to backfill, not '" + job + "'");
    }
    RunCommand run = new RunCommand();
    run.jobNames = List.of(job);
    run.target = target;
    run.asOf = "";
    run.runId = "";
    run.deadLetterDir = "";
    run.beamArgs = new ArrayList<>(beamArgs);
    run.beamArgs.addAll(List.of("--from=" + from, "--to=" + to, "--periods=" + String.join(",", periods)));
    return run.call();
  }
}
