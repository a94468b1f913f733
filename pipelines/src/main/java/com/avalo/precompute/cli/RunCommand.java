package com.avalo.precompute.cli;

import com.avalo.precompute.io.PrecomputeJob;
import com.avalo.precompute.io.PrecomputeOptions;
import com.avalo.precompute.io.PrecomputeRunner;
import com.avalo.precompute.io.RunProgress;
import com.avalo.precompute.io.RunSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Unmatched;

/** {@code precompute run JOB...}: runs jobs once, as the scheduler would. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = {"Runs one or more jobs in one pipeline and prints what they did.",
        "Jobs: profiles, user-stats, counts, feeds, chats, analytics, or all.",
        "Any other --option is passed to Beam (e.g. --targetParallelism=2, or a job's own",
        "options such as --feedPageSize=20); see 'precompute jobs' for each job's options."})
final class RunCommand implements Callable<Integer> {
  @Parameters(arity = "1..*", paramLabel = "JOB", description = "Jobs to run, or 'all'")
  List<String> jobNames;

  @Mixin PipelineTarget target = new PipelineTarget();

  @Option(names = "--as-of", defaultValue = "",
      description = "Snapshot time (RFC 3339 or YYYY-MM-DD); default now. Same as-of, same content.")
  String asOf;

  @Option(names = "--run-id", defaultValue = "", description = "Run id stamped on documents; default generated")
  String runId;

  @Option(names = "--dead-letter-dir", defaultValue = "",
      description = "Where local runs write dead letters; default next to the sqlite store")
  String deadLetterDir;

  @Unmatched List<String> beamArgs = new ArrayList<>();

  @Override
  public Integer call() {
    List<PrecomputeJob> jobs = Jobs.named(jobNames);
    RunSummary summary = run(jobs, beamArguments(), System.err);
    System.out.print(summary.describe());
    return 0;
  }

  List<String> beamArguments() {
    List<String> args = new ArrayList<>(List.of("--source=" + target.source, "--input=" + target.input,
        "--store=" + target.store.store, "--asOf=" + asOf, "--runner=" + target.runner, "--runId=" + runId,
        "--deadLetterDir=" + deadLetterDir));
    if (target.store.firestore.hasProject()) {
      args.add("--firestoreProject=" + target.store.firestore.project);
    }
    if (target.store.firestore.usesEmulator()) {
      args.add("--emulatorHost=" + target.store.firestore.emulatorHost);
    }
    if (target.runner.equalsIgnoreCase("DirectRunner") || target.runner.equalsIgnoreCase("direct")) {
      // The DirectRunner's immutability and encodability checks encode and compare every element
      // of every bundle; they belong in tests (TestPipeline keeps them), not in a run over a real
      // data set. A user who passes either flag keeps their choice.
      for (String check : List.of("--enforceImmutability", "--enforceEncodability")) {
        if (beamArgs.stream().noneMatch(arg -> arg.startsWith(check))) {
          args.add(check + "=false");
        }
      }
    }
    for (String arg : beamArgs) {
      if (!arg.startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument '" + arg
            + "': jobs come first, options are --name=value");
      }
      String name = arg.substring(2).split("=", 2)[0];
      if (CLI_SPELLING.containsKey(name)) {
        // Passed on, Beam would see two values and fail with "expected one element".
        throw new IllegalArgumentException("use " + CLI_SPELLING.get(name) + " instead of --"
            + name + " (the CLI sets Beam's --" + name + " itself)");
      }
      args.add(arg);
    }
    return args;
  }

  /** Beam options this command sets from its own flags, by the flag to use instead. */
  private static final Map<String, String> CLI_SPELLING = Map.of("asOf", "--as-of",
      "runId", "--run-id", "deadLetterDir", "--dead-letter-dir",
      "firestoreProject", "--firestore-project", "emulatorHost", "--emulator-host");

  /** Runs the jobs, printing on {@code progress} what they have done so far while they run. */
  static RunSummary run(List<PrecomputeJob> jobs, List<String> args, java.io.PrintStream progress) {
    PrecomputeOptions options = PrecomputeRunner.parseOptions(jobs, args.toArray(String[]::new));
    String title = String.join("+", jobs.stream().map(PrecomputeJob::name).toList());
    try (RunProgress watch = RunProgress.start("running " + title, progress)) {
      return PrecomputeRunner.run(jobs, options, watch::follow);
    }
  }
}
