package com.avalo.precompute.io;

import com.avalo.precompute.incremental.DiffWithPrevious;
import com.avalo.precompute.incremental.IncrementalRun;
import com.avalo.precompute.incremental.RunCost;
import com.avalo.precompute.incremental.StateFileIndex;
import com.avalo.precompute.incremental.WriteChangedDocuments;
import com.avalo.precompute.store.StoreWriter;
import com.avalo.precompute.store.StoreWriters;
import com.avalo.precompute.store.WriteCounters;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.FlinkRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.PipelineRunner;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;

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
    jobs.forEach(job -> PipelineOptionsFactory.register(job.optionsClass()));
    PrecomputeOptions options = PipelineOptionsFactory.fromArgs(args.toArray(String[]::new))
        .withValidation().as(PrecomputeOptions.class);
    jobs.forEach(job -> options.as(job.optionsClass()));
    if (runner != null) {
      options.setRunner(runner);
    }
    if (FlinkRunner.class.isAssignableFrom(options.getRunner())
        && args.stream().noneMatch(arg -> arg.startsWith("--reIterableGroupByKeyResult"))) {
      // A CoGroupByKey group over 10,000 values (a user liked by that many) is read lazily, once
      // per tag; Flink's batch groups can only be iterated once unless this is on.
      options.as(FlinkPipelineOptions.class).setReIterableGroupByKeyResult(true);
    }
    return options;
  }

  /**
   * Checks the configuration (store reachable, job configs valid) and builds the pipeline,
   * writing through {@code store}.
   *
   * @throws IllegalArgumentException or StoreUnavailableException with one line saying what to fix
   */
  public static Pipeline build(List<PrecomputeJob> jobs, PrecomputeOptions options, RunContext run,
      StoreWriter store, IncrementalRun plan) {
    store.checkReachable();
    jobs.forEach(job -> job.validate(options, run));

    Pipeline pipeline = Pipeline.create(options);
    String jobNames = String.join("+", jobs.stream().map(PrecomputeJob::name).toList());
    SourceReader sources = new SourceReader(pipeline, options, jobNames);
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
    deadLetters.add(allWrites.apply("WriteCacheDocuments",
        new WriteChangedDocuments(store, plan, run, scopes)));
    PCollectionList.of(deadLetters)
        .and(pipeline.apply("NoDeadLetters", Create.empty(JsonRecordCoder.of(DeadLetter.class))))
        .apply("AllDeadLetters", Flatten.pCollections())
        .apply("WriteDeadLetters", store.writeDeadLetters(run.runId()));
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
    Instant started = Instant.now();
    RunContext run = RunContext.from(settings, options, started);
    IncrementalRun plan = plan(jobs, options, settings, run, store);
    plan.warnings().forEach(warning -> System.err.println("warning: " + warning));
    Pipeline pipeline = build(jobs, options, run, store, plan);
    plan.index().recordStarted(plan.started(run.asOf(), run.computedAt()));
    PipelineResult result = pipeline.run();
    PipelineResult.State state = result.waitUntilFinish();
    if (state != PipelineResult.State.DONE) {
      throw new IllegalStateException("the pipeline ended in state " + state);
    }
    return summarize(jobs, options, settings, run, store, plan, result,
        Duration.between(started, Instant.now()));
  }

  /**
   * What each job diffs against, read from the state location before anything is built: the
   * settings' {@code --stateLocation}, or the store's own place.
   *
   * @throws IllegalArgumentException when the store has no place of its own and none is given
   */
  static IncrementalRun plan(List<PrecomputeJob> jobs, PrecomputeOptions options,
      RunSettings settings, RunContext run, StoreWriter store) {
    String location = settings.stateLocation() != null ? settings.stateLocation()
        : store.defaultStateLocation();
    if (location == null) {
      throw new IllegalArgumentException("--stateLocation is required with " + store.describe()
          + ": a directory or gs:// prefix where each run leaves its manifest, so that the next"
          + " run writes only what changed");
    }
    FileSystems.setDefaultPipelineOptions(options);
    return IncrementalRun.plan(jobs.stream().map(PrecomputeJob::name).toList(), store.describe(),
        run.runId(), location, settings.full(), new StateFileIndex(location));
  }

  private static RunSummary summarize(List<PrecomputeJob> jobs, PrecomputeOptions options,
      RunSettings settings, RunContext run, StoreWriter store, IncrementalRun plan,
      PipelineResult result, Duration elapsed) {
    SortedMap<String, Long> read = new TreeMap<>();
    SortedMap<String, Long> deadLettered = new TreeMap<>();
    long written = 0;
    long deleted = 0;
    long unchanged = 0;
    long stampsRead = 0;
    long blindDeletes = 0;
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
        case WriteCounters.WRITTEN -> written += value;
        case WriteCounters.DELETED -> deleted += value;
        case DiffWithPrevious.UNCHANGED -> unchanged += value;
        case WriteCounters.STAMPS_READ -> stampsRead += value;
        case WriteCounters.BLIND_DELETES -> blindDeletes += value;
        default -> { }
      }
    }
    return new RunSummary(jobs.stream().map(PrecomputeJob::name).toList(), run.runId(), run.asOf(),
        options.getRunner().getSimpleName(), store.describe(), read, deadLettered,
        new RunCost(written, unchanged, deleted, stampsRead, blindDeletes, settings.prices()),
        store.deadLetterLocation(run.runId()), previousByJob(plan), plan.index().describe(),
        elapsed);
  }

  private static SortedMap<String, String> previousByJob(IncrementalRun plan) {
    SortedMap<String, String> previous = new TreeMap<>();
    plan.previous().forEach((job, from) -> previous.put(job, from.describe()));
    return previous;
  }
}
