package com.avalo.precompute.io;

import com.avalo.precompute.serving.store.CacheStore;
import com.avalo.precompute.serving.store.CacheStores;
import com.avalo.precompute.serving.store.StoreSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
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
 */
public final class PrecomputeRunner {
  private PrecomputeRunner() {}

  /** Parses Beam-style arguments ({@code --source=files ...}) into the jobs' options. */
  public static PrecomputeOptions parseOptions(List<PrecomputeJob> jobs, String[] args) {
    jobs.forEach(job -> PipelineOptionsFactory.register(job.optionsClass()));
    PrecomputeOptions options =
        PipelineOptionsFactory.fromArgs(args).withValidation().as(PrecomputeOptions.class);
    jobs.forEach(job -> options.as(job.optionsClass()));
    if (options.getRunner().getSimpleName().equals("FlinkRunner")
        && Arrays.stream(args).noneMatch(arg -> arg.startsWith("--reIterableGroupByKeyResult"))) {
      // A CoGroupByKey group over 10,000 values (a user liked by that many) is read lazily, once
      // per tag; Flink's batch groups can only be iterated once unless this is on.
      options.as(FlinkPipelineOptions.class).setReIterableGroupByKeyResult(true);
    }
    return options;
  }

  /** The store the options name, checked for form. */
  public static StoreSpec storeSpec(PrecomputeOptions options) {
    return StoreSpec.parse(options.getStore(), options.getFirestoreProject(), options.getEmulatorHost());
  }

  /**
   * Checks the configuration (store reachable, job configs valid) and builds the pipeline.
   *
   * @throws IllegalArgumentException or StoreUnavailableException with one line saying what to fix
   */
  public static Pipeline build(List<PrecomputeJob> jobs, PrecomputeOptions options, RunContext run) {
    StoreSpec store = storeSpec(options);
    try (CacheStore probe = CacheStores.open(store)) {
      // Opening proves the store is reachable before any work is spent.
      probe.describe();
    }
    jobs.forEach(job -> job.validate(options));

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
    deadLetters.add(allWrites.apply("WriteCacheDocuments", WriteCacheDocuments.to(store, options)));
    PCollectionList.of(deadLetters)
        .and(pipeline.apply("NoDeadLetters", Create.empty(JsonRecordCoder.of(DeadLetter.class))))
        .apply("AllDeadLetters", Flatten.pCollections())
        .apply("WriteDeadLetters", WriteDeadLetters.to(store, options, run.runId()));
    return pipeline;
  }

  /** Builds, runs and waits for the jobs; returns what they did. */
  public static RunSummary run(List<PrecomputeJob> jobs, PrecomputeOptions options) {
    Instant started = Instant.now();
    RunContext run = RunContext.from(options, started);
    Pipeline pipeline = build(jobs, options, run);
    String runner = options.getRunner().getSimpleName();
    PipelineResult result;
    PipelineResult.State state;
    try {
      result = pipeline.run();
      state = result.waitUntilFinish();
    } catch (RuntimeException e) {
      throw new PipelineFailedException(runner, e);
    }
    if (state != PipelineResult.State.DONE) {
      throw new PipelineFailedException(runner, String.valueOf(state));
    }
    return summarize(jobs, options, run, result, Duration.between(started, Instant.now()));
  }

  private static RunSummary summarize(List<PrecomputeJob> jobs, PrecomputeOptions options,
      RunContext run, PipelineResult result, Duration elapsed) {
    SortedMap<String, Long> read = new TreeMap<>();
    SortedMap<String, Long> deadLettered = new TreeMap<>();
    long written = 0;
    long deleted = 0;
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
        case "documents_written" -> written += value;
        case "documents_deleted" -> deleted += value;
        default -> { }
      }
    }
    StoreSpec store = storeSpec(options);
    String deadLetterLocation = store.kind() == StoreSpec.Kind.FIRESTORE
        ? "firestore collection " + options.getDeadLetterCollection()
        : WriteDeadLetters.localDirectory(store, options).resolve(run.runId()).toString();
    return new RunSummary(jobs.stream().map(PrecomputeJob::name).toList(), run.runId(), run.asOf(),
        options.getRunner().getSimpleName(), store.toString(), read, deadLettered, written, deleted,
        deadLetterLocation, elapsed);
  }
}
