package com.avalo.precompute.cli;

import com.avalo.precompute.io.OptionNames;
import com.avalo.precompute.io.PrecomputeJob;
import com.avalo.precompute.io.PrecomputeOptions;
import com.avalo.precompute.io.PrecomputeRunner;
import com.avalo.precompute.io.RunProgress;
import com.avalo.precompute.io.RunSettings;
import com.avalo.precompute.io.RunSummary;
import com.avalo.precompute.schedule.SchedulesReader;
import com.avalo.precompute.schemas.Json;
import com.avalo.precompute.serving.store.FirestoreStoreSpec;
import com.avalo.precompute.seed.SeedGenerator;
import com.avalo.precompute.store.StoreWriters;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.beam.runners.dataflow.DataflowRunner;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.sdk.PipelineResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.Unmatched;

/**
 * {@code precompute run JOB...}: runs jobs once, as the scheduler would. Its flags arrive typed
 * and go to the runner typed (options set, {@link RunSettings}); only the options it does not
 * know (a job's own, Beam's) are parsed from text, once, by Beam.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = {"Runs one or more jobs in one pipeline and prints what they did.",
        "Any other --option is passed to Beam (e.g. --targetParallelism=2, or a job's own",
        "options such as --feedPageSize=20); see 'precompute jobs' for each job's options.",
        "Each run writes only what changed since the job's last run on the store and deletes",
        "only keys that vanished, from the manifest that run left (--stateLocation, next to an",
        "sqlite store by default); --full diffs against the store's own keys instead."},
    footerHeading = "%nRun options read by Beam, written --name=value ('precompute jobs' lists"
        + " every job's own and all of these):%n",
    footer = {
        "      --source=files|firestore   Where the app's data is read from. Default: files",
        "      --input=DIR                The NDJSON export for --source=files. Default: out/seed",
        "      --stateLocation=DIR        Run manifests: a directory or gs:// prefix; next to an"
            + " sqlite",
        "                                 store by default, required with --store=firestore",
        "      --full                     Diff against the store's own keys, not the last"
            + " manifest",
        "      --freshFor=DURATION        How long written documents stay fresh (ISO-8601, e.g.",
        "                                 PT6H). Default: each document type's own",
        "      --dedupeAllCollections     Drop repeated ids in likes, messages and events too (a",
        "                                 file export's other collections always are); slower"})
final class RunCommand implements Callable<Integer> {
  /** Beam options this command sets from its own flags, by the flag to use instead. */
  static final Map<String, String> CLI_SPELLING = Map.of("asOf", "--as-of",
      "runId", "--run-id", "deadLetterDir", "--dead-letter-dir",
      "firestoreProject", "--firestore-project", "emulatorHost", "--emulator-host");

  @Parameters(arity = "1..*", paramLabel = "JOB", completionCandidates = Jobs.Names.class,
      description = "Jobs to run: ${COMPLETION-CANDIDATES}, or all")
  List<String> jobNames;

  @Mixin PipelineTarget target = new PipelineTarget();

  @Option(names = "--as-of", converter = AsOf.class,
      description = "The time windows and activity are measured against (RFC 3339 or"
          + " YYYY-MM-DD, which is that day's 00:00 UTC: give the next day to include a whole"
          + " day); default now. Same as-of, same content. Not a snapshot: see the README.")
  Instant asOf;

  @Option(names = "--run-id", description = "Run id stamped on documents; default generated")
  String runId;

  @Option(names = "--dead-letter-dir",
      description = "Where local runs write dead letters; default next to the sqlite store")
  Path deadLetterDir;

  @Option(names = "--schedule", paramLabel = "NAME",
      description = "Run one window of this schedule through the run ledger: once per window,"
          + " as of its end, documents expiring with the schedule")
  String schedule;

  @Option(names = "--schedules", paramLabel = "FILE",
      description = "The schedules file --schedule names a schedule of. Default: the bundled one")
  String schedulesFile = SchedulesReader.BUNDLED;

  @Option(names = "--window", paramLabel = "START",
      description = "With --schedule: the window starting at this tick (RFC 3339, or a date for"
          + " its midnight in the schedule's time zone); default the window ending at the latest"
          + " tick not after now")
  String window;

  @Option(names = "--force",
      description = "With --schedule: run a window that succeeded again, as a new attempt, or one"
          + " older than a window that succeeded (its documents would replace newer ones)")
  boolean force;

  @Option(names = "--dry-run", description = DRY_RUN)
  boolean dryRun;

  /** The help of {@code --dry-run}, which 'backfill' shares. */
  static final String DRY_RUN = "Compute and diff against the store as the run would, and write"
      + " nothing (no documents, deletes, dead letters or manifests); print what it would write,"
      + " delete and cost. Not on Dataflow or a remote Flink cluster (nor, for 'run', with"
      + " --schedule)";

  @Unmatched List<String> beamArgs = new ArrayList<>();

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    // Before the check below: '--inptu x' is a misspelt option, not an option and a job.
    boolean jobsKnown = jobNames.stream().allMatch(n -> n.equals("all") || Jobs.names().contains(n));
    OptionNames names = OptionNames.of(jobsKnown ? Jobs.named(jobNames) : Jobs.all(),
            "'precompute run --help' lists the run options, 'precompute jobs' each job's")
        .knowingJobs(Jobs.all())
        .withCommandFlags(CommandFlags.longFlags(spec), CLI_SPELLING);
    names.refuseUnknown(beamArgs);
    refuseOptionValuesAsJobs(spec.commandLine().getParseResult().originalArgs(), jobNames,
        beamArgs, names.booleanOptions());
    if (schedule != null) {
      if (dryRun) {
        throw new IllegalArgumentException("--dry-run does not go with --schedule: a scheduled"
            + " run is recorded in the run ledger; dry-run its window with --as-of at the"
            + " window's end instead ('precompute runs' lists the windows)");
      }
      return ScheduledRuns.runOne(this, Clock.systemUTC());
    }
    if (window != null || force || !SchedulesReader.BUNDLED.equals(schedulesFile)) {
      throw new IllegalArgumentException("--window, --force and --schedules go with --schedule"
          + " NAME");
    }
    futureAsOfNote(asOf, Instant.now()).ifPresent(System.err::println);
    // Here, not in run(): backfill shares run() and runs as of now by design, over periods.
    System.out.print(run(Jobs.named(jobNames), options -> seedAnchorNote(options.getSource(),
        options.getInput(), asOf == null ? Instant.now() : asOf, options.getActiveWindowDays())
        .ifPresent(System.err::println)).describe());
    return 0;
  }

  /** How far ahead of the clock an as-of may be before it reads as a typo rather than skew. */
  static final Duration AS_OF_SKEW = Duration.ofMinutes(5);

  /**
   * A note for an as-of in the future: the run goes ahead (a planned date is legitimate), but a
   * mistyped year would otherwise only show as every user counted inactive.
   */
  static Optional<String> futureAsOfNote(Instant asOf, Instant now) {
    if (asOf == null || !asOf.isAfter(now.plus(AS_OF_SKEW))) {
      return Optional.empty();
    }
    Duration ahead = Duration.between(now, asOf);
    String howFar = ahead.toDays() >= 1 ? ahead.toDays() + " days" : ahead.toMinutes() + " minutes";
    return Optional.of("note: --as-of " + asOf + " is " + howFar + " in the future; activity"
        + " windows and periods are measured against it, so users active until now may count as"
        + " inactive");
  }

  /**
   * A note for a run over a generated seed long after the day it was generated as of: a seed is
   * dated by its anchor (2026-11-23 unless {@code seed --anchor} says otherwise), and a run
   * without {@code --as-of} is as of now, so once now is more than {@code --activeWindowDays}
   * past the anchor no user is active, and the active counts and the feeds come out empty.
   */
  static Optional<String> seedAnchorNote(String source, String input, Instant asOf,
      int activeWindowDays) {
    if (!"files".equals(source) || input == null) {
      return Optional.empty();
    }
    Instant anchor;
    try {
      Path manifest = Path.of(input).resolve(SeedGenerator.MANIFEST);
      if (!Files.isRegularFile(manifest)) {
        return Optional.empty(); // an export of the app's own data, not a seed
      }
      anchor = Instant.parse(Json.read(Files.readString(manifest)).path("anchor").asText());
    } catch (IOException | RuntimeException notASeedManifest) {
      return Optional.empty();
    }
    Duration after = Duration.between(anchor, asOf);
    if (after.compareTo(Duration.ofDays(activeWindowDays)) <= 0) {
      return Optional.empty();
    }
    return Optional.of("note: the seed in " + input + " was generated as of " + anchor + " (its "
        + SeedGenerator.MANIFEST + "), " + after.toDays() + " days before this run's as-of "
        + asOf + ": past --activeWindowDays (" + activeWindowDays + "), no user counts as active,"
        + " so the active counts and the feeds come out empty; pass --as-of " + anchor
        + " to compute as of the seed's time");
  }

  /**
   * Runs {@code jobs} with their progress on stderr, from the runner's live counters (see
   * {@link RunProgress}); {@code jobOptions} sets options of the jobs' own that a command has typed.
   */
  RunSummary run(List<PrecomputeJob> jobs, Consumer<PrecomputeOptions> jobOptions) {
    PrecomputeOptions options = options(jobs);
    jobOptions.accept(options);
    RunSettings settings = settings(options);
    String title = String.join("+", jobs.stream().map(PrecomputeJob::name).toList());
    // Ctrl-C ended the output at the last progress line, saying nothing of what was left.
    boolean dataflow = DataflowRunner.class.isAssignableFrom(options.getRunner());
    String nextRun = "the next run writes the rest (it diffs against the store's keys)"
        + (settings.runId() != null ? "; give it another --run-id" : "");
    boolean dryRun = this.dryRun;
    if (dryRun) {
      PrecomputeRunner.checkDryRunnable(options);
    }
    Thread onStop = new Thread(() -> System.err.println(dryRun
        ? "interrupted: the dry run of " + title + " was stopped; it wrote nothing"
        : dataflow
        ? "interrupted: this client stopped, but the Dataflow job of " + title + " goes on; cancel"
            + " it with 'gcloud dataflow jobs cancel' if it should not finish"
        : "interrupted: the run of " + title + " was stopped before it finished; what it wrote"
            + " stays, and " + nextRun), "run-interrupted");
    Runtime.getRuntime().addShutdownHook(onStop);
    try {
      return withProgress((dryRun ? "a dry run of " : "") + title, dryRun, watch -> dryRun
          ? PrecomputeRunner.dryRun(jobs, options, settings, watch)
          : PrecomputeRunner.run(jobs, options, settings, StoreWriters.forRun(settings, options),
              outputs -> { }, watch));
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(onStop);
      } catch (IllegalStateException shuttingDown) {
        // The hook is running and says it.
      }
    }
  }

  /**
   * Does {@code work} with progress on stderr titled {@code title}: {@code work} hands the
   * pipeline's result to the consumer it is given, so the counters can be followed as it runs.
   */
  static <T> T withProgress(String title, Function<Consumer<PipelineResult>, T> work) {
    return withProgress(title, false, work);
  }

  /** {@link #withProgress(String, Function)}, its counts said as a dry run's when {@code dryRun}. */
  static <T> T withProgress(String title, boolean dryRun,
      Function<Consumer<PipelineResult>, T> work) {
    try (RunProgress watch = RunProgress.start("running " + title, dryRun, System.err)) {
      return work.apply(watch::follow);
    }
  }

  /** The pipeline's options: Beam's reading of the unknown options, with this command's flags set. */
  PrecomputeOptions options(List<PrecomputeJob> jobs) {
    return options(jobs, List.of());
  }

  /** {@link #options(List)}, with {@code more} Beam arguments a command adds (a schedule's job options). */
  PrecomputeOptions options(List<PrecomputeJob> jobs, List<String> more) {
    refuseBeamSpellings(beamArgs, CLI_SPELLING);
    List<String> args = new ArrayList<>(beamArgs);
    args.addAll(more);
    PrecomputeOptions options = PrecomputeRunner.parseOptions(jobs, target.runner.type(), args);
    target.applyTo(options);
    if (DirectRunner.class.isAssignableFrom(options.getRunner())
        && !names(beamArgs).contains("enforceEncodability")) {
      // The DirectRunner's encodability check encodes and compares every element of every
      // bundle: it belongs in tests, not in a run over a real data set. (parseOptions turns the
      // immutability check off for every caller.) A user who passes the flag keeps their choice.
      options.as(DirectOptions.class).setEnforceEncodability(false);
    }
    return options;
  }

  /**
   * The run's settings: this command's flags, and {@code --freshFor}, {@code --stateLocation},
   * {@code --full} and {@code --firestorePrices} as Beam read them.
   */
  RunSettings settings(PrecomputeOptions options) {
    if (deadLetterDir != null && target.store.spec() instanceof FirestoreStoreSpec) {
      // Refused rather than ignored: the letters would not be where the person looks.
      throw new IllegalArgumentException("--dead-letter-dir is where the embedded store's runs"
          + " write dead letters; a run into Firestore writes them to the collection"
          + " --deadLetterCollection (" + options.getDeadLetterCollection() + "): leave"
          + " --dead-letter-dir out");
    }
    return RunSettings.writingTo(target.store.spec()).withAsOf(asOf).withRunId(runId)
        .withDeadLetterDir(deadLetterDir).withFreshFor(RunSettings.freshFor(options))
        .withIncrementalOptions(options);
  }

  /**
   * Refuses {@code --feedPageSize 5}: picocli takes an option it does not know as a Beam option,
   * alone, and its value as one more job, which would only be reported as "unknown job '5'".
   *
   * @param args the command's arguments as given, in order
   */
  static void refuseOptionValuesAsJobs(List<String> args, List<String> jobNames,
      List<String> beamArgs, Set<String> booleanOptions) {
    for (int i = 1; i < args.size(); i++) {
      String option = args.get(i - 1);
      String value = args.get(i);
      // A true/false option stands alone ('--full countz' is --full and a misspelt job), so the
      // unknown job is reported as one, with the jobs there are.
      if (option.startsWith("--") && !option.contains("=") && beamArgs.contains(option)
          && !booleanOptions.contains(option.substring(2))
          && jobNames.contains(value) && !value.equals("all") && !Jobs.names().contains(value)) {
        throw new IllegalArgumentException("unknown job '" + value + "': job and Beam options"
            + " take the form --name=value, so write " + option + "=" + value);
      }
    }
  }

  /**
   * Refuses the Beam spelling of an option a command sets from its own flag: Beam would take it,
   * and the flag's value (or its default) would silently win.
   */
  static void refuseBeamSpellings(List<String> args, Map<String, String> spellings) {
    refuseBeamSpellings(args, spellings, "jobs come first, options are --name=value");
  }

  /**
   * {@link #refuseBeamSpellings(List, Map)}; {@code positionals} says where a word that is no
   * option belongs, for the command at hand.
   */
  static void refuseBeamSpellings(List<String> args, Map<String, String> spellings,
      String positionals) {
    for (String arg : args) {
      if (arg.startsWith("-") && !arg.startsWith("--")) {
        throw new IllegalArgumentException("unknown option '" + arg + "': options are --name=value"
            + " ('--help' lists them)");
      }
      if (!arg.startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument '" + arg + "': " + positionals);
      }
    }
    for (String name : names(args)) {
      if (spellings.containsKey(name)) {
        throw new IllegalArgumentException("use " + spellings.get(name) + " instead of --"
            + name + " (the command sets it from " + spellings.get(name) + ")");
      }
    }
  }

  /** The names of {@code --name=value} arguments; others are not options and have none. */
  static List<String> names(List<String> args) {
    return args.stream().filter(arg -> arg.startsWith("--"))
        .map(arg -> arg.substring(2).split("=", 2)[0]).toList();
  }

  /** Reads {@code --as-of} with the one parser of snapshot times. */
  static final class AsOf implements ITypeConverter<Instant> {
    @Override
    public Instant convert(String text) {
      try {
        return RunSettings.parseAsOf(text);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
