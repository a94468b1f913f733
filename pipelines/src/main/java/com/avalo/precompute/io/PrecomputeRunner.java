package com.avalo.precompute.io;

import com.avalo.precompute.serving.store.StoreUnavailableException;
import com.avalo.precompute.incremental.DiffWithPrevious;
import com.avalo.precompute.incremental.IncrementalRun;
import com.avalo.precompute.incremental.RunCost;
import com.avalo.precompute.incremental.StateFileIndex;
import com.avalo.precompute.incremental.StateLock;
import com.avalo.precompute.incremental.WriteChangedDocuments;
import com.avalo.precompute.store.StoreWriter;
import com.avalo.precompute.store.StoreWriters;
import com.avalo.precompute.store.WriteCounters;
import com.google.common.io.MoreFiles;
import com.google.common.net.HostAndPort;
import com.google.common.io.RecursiveDeleteOption;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.FlinkRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.PipelineRunner;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;

/**
 * Builds one pipeline for the jobs of a run, runs it on the chosen runner and sums up what it did.
 * Every job reads through one {@link SourceReader}, so collections shared by jobs are read once.
 *
 * <p>The entry is typed: {@link #run(List, PrecomputeOptions, RunSettings)} takes the run's
 * settings and returns its {@link RunSummary}. The options carry the runner's and the jobs' own
 * options ({@code --feedPageSize=20}), parsed once by Beam ({@link #parseOptions}).
 */
public final class PrecomputeRunner {
  private PrecomputeRunner() {}

  /**
   * Parses Beam-style arguments ({@code --source=files --runner=FlinkRunner ...}) into the jobs'
   * options, as a launcher receives them.
   */
  public static PrecomputeOptions parseOptions(List<PrecomputeJob> jobs, String... args) {
    return parseOptions(jobs, null, List.of(args));
  }

  /**
   * Parses Beam-style arguments into the jobs' options, on {@code runner} when not null (a caller
   * that has the runner typed already, such as the CLI's {@code --runner}).
   */
  public static PrecomputeOptions parseOptions(List<PrecomputeJob> jobs,
      Class<? extends PipelineRunner<?>> runner, List<String> args) {
    OptionNames names = OptionNames.of(jobs, "'precompute jobs' lists each job's options");
    names.refuseUnknown(args);
    names.refuseMissingValues(args);
    jobs.forEach(job -> PipelineOptionsFactory.register(job.optionsClass()));
    PrecomputeOptions options;
    try {
      options = PipelineOptionsFactory.fromArgs(args.toArray(String[]::new))
          .withValidation().as(PrecomputeOptions.class);
      jobs.forEach(job -> options.as(job.optionsClass()));
    } catch (IllegalArgumentException e) {
      throw withTheValueNamed(e, jobs, args);
    }
    ReadSourceLines.checkSource(options.getSource());
    if (runner != null) {
      options.setRunner(runner);
    }
    if (FlinkRunner.class.isAssignableFrom(options.getRunner())) {
      if (args.stream().noneMatch(arg -> arg.startsWith("--reIterableGroupByKeyResult"))) {
        // A CoGroupByKey group over 10,000 values (a user liked by that many) is read lazily,
        // once per tag; Flink's batch groups can only be iterated once unless this is on.
        options.as(FlinkPipelineOptions.class).setReIterableGroupByKeyResult(true);
      }
      EmbeddedFlink.configure(options.as(FlinkPipelineOptions.class), args);
    }
    if (DirectRunner.class.isAssignableFrom(options.getRunner())
        && args.stream().noneMatch(arg -> arg.startsWith("--enforceImmutability"))) {
      // The DirectRunner's immutability check walks the whole pipeline once per bundle to ask
      // whether the consumer is a read (ImmutabilityEnforcementFactory.isReadTransform): on the
      // thousands of transforms of all six jobs that walk was three quarters of a run's CPU, 22
      // records or 2,000 users alike. The transforms' own tests (TestPipeline) keep the check, and
      // DuplicatedExportTest runs every job with it once (--enforceImmutability=true).
      options.as(DirectOptions.class).setEnforceImmutability(false);
    }
    return options;
  }

  /**
   * Beam's refusal of a value that does not convert ({@code --feedPageSize=abc}) is Jackson's
   * message, naming neither the option nor the value and followed by a line of parser position:
   * the argument that fails alone is named in front of its first line.
   */
  private static IllegalArgumentException withTheValueNamed(IllegalArgumentException refused,
      List<PrecomputeJob> jobs, List<String> args) {
    for (String arg : args) {
      if (!arg.startsWith("--") || !arg.contains("=")) {
        continue;
      }
      try {
        PipelineOptions alone = PipelineOptionsFactory.fromArgs(arg).as(PrecomputeOptions.class);
        jobs.forEach(job -> alone.as(job.optionsClass()));
      } catch (IllegalArgumentException e) {
        String reason = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
        return new IllegalArgumentException(arg + ": " + reason, refused);
      }
    }
    return refused;
  }

  /**
   * Checks the configuration (store reachable, job configs valid) and builds the pipeline,
   * writing through {@code store}.
   *
   * @throws IllegalArgumentException or StoreUnavailableException with one line saying what to fix
   */
  public static Pipeline build(List<PrecomputeJob> jobs, PrecomputeOptions options, RunContext run,
      StoreWriter store, IncrementalRun plan) {
    return build(jobs, options, run, store, plan, outputs -> { });
  }

  /**
   * {@link #build(List, PrecomputeOptions, RunContext, StoreWriter, IncrementalRun)}, then hands
   * {@code afterWrites} what the pipeline writes, for steps that must follow all of it.
   */
  public static Pipeline build(List<PrecomputeJob> jobs, PrecomputeOptions options, RunContext run,
      StoreWriter store, IncrementalRun plan, Consumer<RunOutputs> afterWrites) {
    if ("firestore".equals(options.getSource())) {
      FirestoreSourceCheck.check(options);
    }
    jobs.forEach(job -> job.validate(options, run));
    jobs.forEach(job -> job.checkStored(options, store::firstWithPrefix));

    // Step names are how Dataflow matches a running job's state to an update's and how metrics
    // and dead letters name a step: two jobs that name a step alike must fail the run at its
    // start (and so every test of `run all`), not leave a warning in a log.
    options.setStableUniqueNames(PipelineOptions.CheckEnabled.ERROR);
    Pipeline pipeline = Pipeline.create(options);
    String jobNames = String.join("+", jobNames(jobs));
    SourceReader sources = new SourceReader(pipeline, options, jobNames, run.asOf());
    List<PCollection<DeadLetter>> deadLetters = new ArrayList<>();
    List<PCollection<CacheWrite>> writes = new ArrayList<>();
    for (PrecomputeJob job : jobs) {
      writes.add(job.expand(new JobInputs(pipeline, options, sources, run, deadLetters)));
    }
    deadLetters.addAll(sources.deadLetters());
    PCollection<CacheWrite> allWrites = PCollectionList.of(writes)
        .apply("AllCacheWrites", Flatten.pCollections());
    Map<String, KeyScope> scopes = new HashMap<>();
    jobs.forEach(job -> scopes.put(job.name(), job.keyScope(options, run)));
    PCollectionTuple written = allWrites.apply("WriteCacheDocuments",
        new WriteChangedDocuments(store, plan, run, scopes,
            sources.refuseWritesOnLostRecords().orElse(null)));
    PCollection<DeadLetter> documentsWritten = written.get(WriteChangedDocuments.DEAD_LETTERS);
    deadLetters.add(documentsWritten);
    PCollection<DeadLetter> allDeadLetters = PCollectionList.of(deadLetters)
        .and(pipeline.apply("NoDeadLetters", Create.empty(RecordCoder.of(DeadLetter.class))))
        .apply("AllDeadLetters", Flatten.pCollections());
    PCollection<?> lettersWritten =
        allDeadLetters.apply("WriteDeadLetters", store.writeDeadLetters(run.runId()));
    PCollection<String> letterDocuments = allDeadLetters.apply("CountDeadLetterDocuments",
        new CountDeadLetterDocuments(run.runId()));
    afterWrites.accept(new RunOutputs(written.get(WriteChangedDocuments.WRITES),
        written.get(WriteChangedDocuments.DECISIONS),
        written.get(WriteChangedDocuments.STAMPS_READ_FROM_STORE), allDeadLetters, letterDocuments,
        List.of(documentsWritten, lettersWritten,
            written.get(WriteChangedDocuments.MANIFESTS_COMMITTED)),
        jobs.stream().map(job -> plan.manifestHeader(job.name())).toList()));
    // After the checks of the input that building makes, before any record is read: opening the
    // embedded store makes its file, and a run refused for a missing input left an empty store
    // that 'get' and 'report' then took for a real one.
    store.checkReachable();
    return pipeline;
  }

  /** Runs the jobs with the settings Beam-style options give ({@link RunSettings#from}). */
  public static RunSummary run(List<PrecomputeJob> jobs, PrecomputeOptions options) {
    return run(jobs, options, RunSettings.from(options));
  }

  /** Builds, runs and waits for the jobs, writing to the store {@code settings} name. */
  public static RunSummary run(List<PrecomputeJob> jobs, PrecomputeOptions options,
      RunSettings settings) {
    return run(jobs, options, settings, StoreWriters.forRun(settings, options));
  }

  /**
   * Builds, runs and waits for the jobs, writing through {@code store} instead of the writer of
   * the store {@code settings} name.
   */
  public static RunSummary run(List<PrecomputeJob> jobs, PrecomputeOptions options,
      RunSettings settings, StoreWriter store) {
    return run(jobs, options, settings, store, outputs -> { }, running -> { });
  }

  /**
   * Builds, runs and waits for the jobs, with steps of {@code afterWrites} after all writes (see
   * {@link #build(List, PrecomputeOptions, RunContext, StoreWriter, Consumer)}), handing the
   * pipeline's result to {@code whileRunning} as soon as the runner returns it, so that it can be
   * watched (see {@link RunProgress}) or cancelled. A runner whose {@code run()} blocks (embedded
   * Flink) hands it over when it is done; a run on a Flink cluster hands over its
   * {@link FlinkClusterJob} first, then the runner's result when it is done. A store that answers over the network is probed while
   * the pipeline runs ({@link WatchedRun}).
   *
   * @throws PipelineFailedException when the pipeline fails or ends in a state other than DONE
   * @throws StoreUnavailableException when the store stopped answering while the run went on
   */
  public static RunSummary run(List<PrecomputeJob> jobs, PrecomputeOptions options,
      RunSettings settings, StoreWriter store, Consumer<RunOutputs> afterWrites,
      Consumer<PipelineResult> whileRunning) {
    return execute(jobs, options, settings, store, afterWrites, whileRunning, null);
  }

  /**
   * Runs the jobs as {@link #run(List, PrecomputeOptions, RunSettings, StoreWriter, Consumer,
   * Consumer)} would, diffing against the same store and manifests, and writes nothing: no
   * document, delete, dead letter, manifest or record of the run. Its summary says what the run
   * would have written, deleted and cost ({@link RunSummary#dryRun()}). The pipeline is the real
   * one, so that the figures are; its manifests go to a scratch directory on this machine, deleted
   * at the end, which a Dataflow worker could not reach.
   *
   * @throws IllegalArgumentException on the DataflowRunner
   */
  public static RunSummary dryRun(List<PrecomputeJob> jobs, PrecomputeOptions options,
      RunSettings settings, Consumer<PipelineResult> whileRunning) {
    checkDryRunnable(options);
    Path scratch;
    try {
      scratch = Files.createTempDirectory("precompute-dry-run-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make the dry run's scratch directory: " + e, e);
    }
    // Also when the JVM is stopped (Ctrl-C, SIGTERM), which skips the finally below.
    Thread onExit = new Thread(() -> deleteScratch(scratch), "dry-run-scratch");
    Runtime.getRuntime().addShutdownHook(onExit);
    try {
      return execute(jobs, options, settings, StoreWriters.dryRun(settings, options),
          outputs -> { }, whileRunning, scratch.toString());
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(onExit);
      } catch (IllegalStateException shuttingDown) {
        // The hook is running and deletes it.
      }
      deleteScratch(scratch);
    }
  }

  private static void deleteScratch(Path scratch) {
    try {
      if (Files.exists(scratch)) {
        MoreFiles.deleteRecursively(scratch, RecursiveDeleteOption.ALLOW_INSECURE);
      }
    } catch (IOException e) {
      System.err.println("warning: the dry run's scratch directory " + scratch
          + " was not deleted: " + e);
    }
  }

  /**
   * Refuses a dry run on a runner whose workers cannot reach this machine's scratch directory, for
   * a caller that checks before it starts.
   *
   * @throws IllegalArgumentException on the DataflowRunner
   */
  public static void checkDryRunnable(PrecomputeOptions options) {
    workersElsewhere(options).ifPresent(where -> {
      throw new IllegalArgumentException("a dry run does not go to " + where + ": its manifests"
          + " go to a scratch directory on this machine, which its workers cannot reach (nor"
          + " would it be deleted there); dry-run against the same store and --stateLocation"
          + " here, on the default runner");
    });
  }

  /** Where the run's workers run when that is not this machine: Dataflow, a Flink cluster. */
  private static Optional<String> workersElsewhere(PrecomputeOptions options) {
    if (options.getRunner().getSimpleName().contains("Dataflow")) {
      return Optional.of("Dataflow");
    }
    if (FlinkRunner.class.isAssignableFrom(options.getRunner())) {
      String master = options.as(FlinkPipelineOptions.class).getFlinkMaster();
      if (master != null && !master.startsWith("[") && !onThisMachine(master)) {
        return Optional.of("the Flink cluster at " + master);
      }
    }
    return Optional.empty();
  }

  /** Whether {@code hostAndPort} names this machine: a loopback address or one of its own. */
  private static boolean onThisMachine(String hostAndPort) {
    String host = HostAndPort.fromString(hostAndPort).getHost();
    try {
      InetAddress address = InetAddress.getByName(host);
      return address.isLoopbackAddress() || address.isAnyLocalAddress()
          || NetworkInterface.getByInetAddress(address) != null;
    } catch (IOException unknownOrUnreadable) {
      return false;
    }
  }

  /** A run; a dry run when {@code scratch} names where its manifests go instead. */
  private static RunSummary execute(List<PrecomputeJob> jobs, PrecomputeOptions options,
      RunSettings settings, StoreWriter store, Consumer<RunOutputs> afterWrites,
      Consumer<PipelineResult> whileRunning, String scratch) {
    Instant started = Instant.now();
    RunContext run = RunContext.from(settings, options, started);
    // Before the lock, which makes the state directory beside the store: a run refused for
    // another program's file left STORE.state/locks/JOB.lock beside it.
    store.refuseForeignStore();
    // A dry run writes nothing, so it need not keep a real run off the state location.
    try (StateLock lock = scratch != null ? StateLock.none()
        : StateLock.acquire(stateLocation(settings, store, options), jobNames(jobs),
            run.runId())) {
      return execute(jobs, options, settings, store, afterWrites, whileRunning, scratch, started, run,
          lock);
    }
  }

  private static RunSummary execute(List<PrecomputeJob> jobs, PrecomputeOptions options,
      RunSettings settings, StoreWriter store, Consumer<RunOutputs> afterWrites,
      Consumer<PipelineResult> whileRunning, String scratch, Instant started, RunContext run,
      StateLock lock) {
    IncrementalRun planned = plan(jobs, options, settings, run, store);
    IncrementalRun plan = scratch == null ? planned : planned.rehearsedIn(scratch);
    plan.warnings().forEach(warning -> System.err.println("warning: " + warning));
    Pipeline pipeline = build(jobs, options, run, store, plan, afterWrites);
    if (scratch == null) {
      // Held as the run's locks are: a run thread given up on keeps both until it ends.
      lock.releaseAlso(claimRunId(run.runId(), store.localDeadLetterDirectory()));
    }
    recordStarted(plan, run, store);
    // The DirectRunner's run() waits for the end by default; waitUntilFinish below does that.
    options.as(DirectOptions.class).setBlockOnRun(false);
    String runner = options.getRunner().getSimpleName();
    Optional<FlinkClusterJob> clusterJob = FlinkClusterJob.of(options);
    // On a cluster, run() returns only when the job has ended: the job is handed over now, so that
    // it can be watched and cancelled, and it is cancelled if this JVM exits first (Ctrl-C).
    clusterJob.ifPresent(whileRunning);
    Runnable unhook = clusterJob.map(job -> job.cancelIfJvmExits(System.err)).orElse(() -> { });
    WatchedRun.Ended ended;
    try {
      ended = WatchedRun.of(store, options).run(pipeline, whileRunning, clusterJob.orElse(null),
          lock::retain);
    } catch (StoreUnavailableException gone) {
      throw gone; // the watch saw the store go: already the one line to tell
    } catch (RuntimeException failure) {
      throw storeGoneOr(new PipelineFailedException(runner, failure), store);
    } finally {
      unhook.run();
    }
    if (ended.state() != PipelineResult.State.DONE) {
      throw new PipelineFailedException(runner, String.valueOf(ended.state()));
    }
    return summarize(jobs, options, settings, run, store, planned, ended.result(),
        Duration.between(started, Instant.now()), scratch != null);
  }

  /**
   * What each job diffs against, read from the state location before anything is built: the
   * settings' {@code --stateLocation}, or the store's own place.
   *
   * @throws IllegalArgumentException when the store has no place of its own and none is given
   */
  static IncrementalRun plan(List<PrecomputeJob> jobs, PrecomputeOptions options,
      RunSettings settings, RunContext run, StoreWriter store) {
    String location = stateLocation(settings, store, options);
    FileSystems.setDefaultPipelineOptions(options);
    StateFileIndex index = new StateFileIndex(location);
    refuseReusedRunId(run.runId(), index, store);
    return IncrementalRun.plan(jobNames(jobs), store.describe(), run.runId(), location,
        settings.full(), index, run.computedAt(), store::holding, store::lastWriters);
  }

  /**
   * The settings' {@code --stateLocation}, or the store's own place.
   *
   * @throws IllegalArgumentException when the store has no place of its own and none is given
   */
  private static String stateLocation(RunSettings settings, StoreWriter store,
      PrecomputeOptions options) {
    String location = settings.stateLocation() != null ? settings.stateLocation()
        : store.defaultStateLocation();
    if (location == null) {
      throw new IllegalArgumentException("--stateLocation is required with " + store.describe()
          + ": a directory or gs:// prefix where each run leaves its manifest, so that the next"
          + " run writes only what changed");
    }
    if (location.startsWith("file://")) {
      // A directory all the same: checked as one, and named one way, as a path.
      location = Path.of(java.net.URI.create(location)).toString();
    }
    if (location.contains("://")) {
      return location;
    }
    // The workers write each run's manifest there: a directory on this machine they cannot
    // reach, and every later run found no committed manifest and read the whole store.
    Optional<String> elsewhere = workersElsewhere(options);
    if (elsewhere.isPresent()) {
      throw new IllegalArgumentException("--stateLocation=" + location + " is a directory on"
          + " this machine, which the workers of " + elsewhere.get() + " cannot reach (they write"
          + " each run's manifest there): give a location they share, such as gs://BUCKET/state");
    }
    // Absolute, as the input is: a cluster's TaskManager resolves a relative one elsewhere.
    return Path.of(location).toAbsolutePath().toString();
  }

  private static List<String> jobNames(List<PrecomputeJob> jobs) {
    return jobs.stream().map(PrecomputeJob::name).toList();
  }

  /**
   * A run id names the run's manifests and dead-letter directory: a second run of the store under
   * one would overwrite the first's (its dead letters emptied, its manifest replaced).
   */
  private static void refuseReusedRunId(String runId, StateFileIndex index, StoreWriter store) {
    index.ofRun(runId).stream().findFirst().ifPresent(earlier -> {
      throw new IllegalArgumentException("run id '" + runId + "' was used by an earlier run (of "
          + earlier.store() + ", listed in " + index.describe(List.of(earlier.job()))
          + ", finished or not); give"
          + " another --run-id, or leave it out for a new one");
    });
    // The state index keeps only each job's newest runs, and another state location keeps its
    // own: dead letters of the id are what this run would overwrite.
    store.localDeadLetterDirectory().map(letters -> letters.resolve(runId).resolve(RUN_ID_CLAIM))
        .filter(Files::exists).ifPresent(claim -> {
          throw new IllegalArgumentException(inUse(runId, claim));
        });
    store.localDeadLetterDirectory().map(letters -> letters.resolve(runId))
        .filter(PrecomputeRunner::holdsDeadLetters).ifPresent(letters -> {
          throw new IllegalArgumentException("run id '" + runId + "' has dead letters of an"
              + " earlier run in " + letters + ", which this run would overwrite; give another"
              + " --run-id, or leave it out for a new one");
        });
  }

  /** The file in a run's dead-letter directory that names the run holding its id. */
  static final String RUN_ID_CLAIM = "claimed-by.txt";

  /**
   * Takes {@code runId} for this run while it runs, in a local store's dead-letter directory (for
   * a store with none there is nothing to take), and returns what gives it back. Two runs of
   * different jobs started at once under one {@code --run-id} both passed
   * {@link #refuseReusedRunId}, since neither had recorded anything yet, and wrote the same
   * dead-letter file: the one that ended last replaced the other's letters. Only one run can
   * create the claim. It is given back when the run ends, so a later run is judged by the rules
   * it was before (the state's runs, the id's dead letters); a run killed outright leaves it,
   * and its message says which file to delete.
   *
   * @throws IllegalArgumentException when another run holds the id
   */
  static Runnable claimRunId(String runId, Optional<Path> deadLetterDirectory) {
    if (deadLetterDirectory.isEmpty()) {
      return () -> { };
    }
    Path claim = deadLetterDirectory.get().resolve(runId).resolve(RUN_ID_CLAIM);
    try {
      Files.createDirectories(claim.getParent());
      Files.writeString(claim, StateLock.describeHolder(runId) + "\n", StandardCharsets.UTF_8,
          StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    } catch (FileAlreadyExistsException taken) {
      throw new IllegalArgumentException(inUse(runId, claim));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + claim + ", which takes the run id for this"
          + " run: " + e.getMessage(), e);
    }
    return () -> {
      try {
        Files.deleteIfExists(claim);
      } catch (IOException e) {
        System.err.println("warning: cannot delete " + claim + " (" + e.getMessage() + "): a later"
            + " run under the id '" + runId + "' is refused until it is deleted");
      }
    };
  }

  private static String inUse(String runId, Path claim) {
    return "run id '" + runId + "' is in use by another run (" + claimText(claim) + "; " + claim
        + "); give another --run-id, or leave it out for a new one (if that run is no longer"
        + " running, delete that file)";
  }

  private static String claimText(Path claim) {
    try {
      String text = Files.readString(claim, StandardCharsets.UTF_8).strip();
      return text.isEmpty() ? "a run that is starting" : text;
    } catch (IOException unreadable) {
      return "a run whose claim cannot be read: " + unreadable.getMessage();
    }
  }

  private static boolean holdsDeadLetters(Path directory) {
    if (!Files.isDirectory(directory)) {
      return false;
    }
    try (java.util.stream.Stream<Path> files = Files.walk(directory)) {
      return files.anyMatch(file -> {
        try {
          return Files.isRegularFile(file) && Files.size(file) > 0
              && !file.getFileName().toString().equals(RUN_ID_CLAIM);
        } catch (IOException gone) {
          return false;
        }
      });
    } catch (IOException unreadable) {
      return false;
    }
  }

  /**
   * When a run fails, whether its store still answers: a store that went away mid-run (Firestore
   * unreachable, its emulator killed) is the reason to tell in one line, rather than the engine's
   * trace of the write that gave up. The check is bounded (10 s for Firestore).
   */
  private static RuntimeException storeGoneOr(RuntimeException failure, StoreWriter store) {
    try {
      store.checkReachable();
    } catch (StoreUnavailableException gone) {
      return new StoreUnavailableException("the run failed: " + gone.getMessage(), failure);
    } catch (RuntimeException other) {
      failure.addSuppressed(other);
    }
    return failure;
  }

  /**
   * Builds the jobs' pipeline and submits it without waiting for it to end, as a Flex Template
   * launcher must: on Dataflow {@code run()} returns once the job is created. (The DirectRunner's
   * {@code run()} runs it to the end.)
   */
  public static PipelineResult submit(List<PrecomputeJob> jobs, PrecomputeOptions options,
      RunSettings settings, StoreWriter store, Consumer<RunOutputs> afterWrites) {
    RunContext run = RunContext.from(settings, options, Instant.now());
    IncrementalRun plan = plan(jobs, options, settings, run, store);
    plan.warnings().forEach(warning -> System.err.println("warning: " + warning));
    Pipeline pipeline = build(jobs, options, run, store, plan, afterWrites);
    recordStarted(plan, run, store);
    return pipeline.run();
  }

  /**
   * Records the run's start in its state location, then marks it in the store as the last writer
   * of its jobs: both before its first write, so that a run that dies mid-way leaves a record no
   * later run trusts, here or from another state location. (A dry run's store marks nothing and
   * its plan records in its scratch directory.)
   */
  private static void recordStarted(IncrementalRun plan, RunContext run, StoreWriter store) {
    plan.index().recordStarted(plan.started(run.asOf(), run.computedAt()));
    store.markWriting(plan.writersSeen(), plan.lastWriters(run.computedAt())).ifPresent(other -> {
      throw new StateLock.StateInUseException("run " + other.runId() + " (state location "
          + other.stateLocation() + ", started " + other.startedAt() + ") began writing job "
          + other.job() + " to " + store.describe() + " after this run planned its diff against"
          + " the store; this run wrote no document: run it again, and it reads the job's keys"
          + " from the store");
    });
  }

  /**
   * Makes every check a run's build makes (store reachable, job configs, input files, the state
   * location), and builds nothing that lasts: for a launcher that must refuse bad input before it
   * takes a lease. Building reads no data.
   */
  public static void checkBuilds(List<PrecomputeJob> jobs, PrecomputeOptions options,
      RunSettings settings, RunContext run, StoreWriter store) {
    build(jobs, options, run, store, plan(jobs, options, settings, run, store));
  }

  private static RunSummary summarize(List<PrecomputeJob> jobs, PrecomputeOptions options,
      RunSettings settings, RunContext run, StoreWriter store, IncrementalRun plan,
      PipelineResult result, Duration elapsed, boolean dryRun) {
    SortedMap<String, Long> read = new TreeMap<>();
    SortedMap<String, Long> deadLettered = new TreeMap<>();
    SortedMap<String, Long> fieldsNotRead = new TreeMap<>();
    long written = 0;
    long deleted = 0;
    long unchanged = 0;
    long stampsRead = 0;
    long blindDeletes = 0;
    long deadLetterDocuments = 0;
    for (MetricResult<Long> counter :
        result.metrics().queryMetrics(MetricsFilter.builder().build()).getCounters()) {
      String namespace = counter.getName().getNamespace();
      String name = counter.getName().getName();
      long value = counter.getAttempted() == null ? 0 : counter.getAttempted();
      switch (namespace) {
        case "records_read" -> read.merge(name, value, Long::sum);
        case "dead_lettered" -> {
          if (value > 0) {
            deadLettered.merge(name, value, Long::sum);
          }
        }
        case ParseRecords.FIELDS_NOT_READ -> {
          if (value > 0) {
            fieldsNotRead.merge(name, value, Long::sum);
          }
        }
        case WriteCounters.WRITTEN -> written += value;
        case WriteCounters.DELETED -> deleted += value;
        case DiffWithPrevious.UNCHANGED -> unchanged += value;
        case WriteCounters.STAMPS_READ -> stampsRead += value;
        case WriteCounters.BLIND_DELETES -> blindDeletes += value;
        case CountDeadLetterDocuments.NAMESPACE -> deadLetterDocuments += value;
        default -> { }
      }
    }
    List<String> jobNames = jobNames(jobs);
    return new RunSummary(jobNames, run.runId(), run.asOf(),
        options.getRunner().getSimpleName(), store.describe(), read, deadLettered, fieldsNotRead,
        new RunCost(written, unchanged, deleted, stampsRead, blindDeletes, deadLetterDocuments,
            settings.prices()),
        store.deadLetterLocation(run.runId()), previousByJob(plan), plan.index().describe(jobNames),
        elapsed, dryRun);
  }

  private static SortedMap<String, String> previousByJob(IncrementalRun plan) {
    SortedMap<String, String> previous = new TreeMap<>();
    plan.previous().forEach((job, from) -> previous.put(job, from.describe()));
    return previous;
  }
}
