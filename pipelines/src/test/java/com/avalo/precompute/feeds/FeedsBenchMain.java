package com.avalo.precompute.feeds;

import com.avalo.precompute.io.CacheWrite;
import com.avalo.precompute.io.RunContext;
import com.avalo.precompute.source.SourceRecords.Block;
import com.avalo.precompute.source.SourceRecords.Like;
import com.avalo.precompute.source.SourceRecords.Match;
import com.avalo.precompute.source.SourceRecords.User;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.FlinkRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;

/**
 * Times the feed transforms on the FlinkRunner (embedded, {@code [local]}) on a generated world of
 * city clusters ({@link SyntheticWorld#METROS}), with a sink that only counts. The world is
 * generated inside the pipeline in shards, so a million users never sit in one list. Not a test:
 * run by {@code bench/feeds/run.sh}.
 *
 * <pre>FeedsBenchMain USERS [--seed=S] [--likes=L] [--parallelism=P] [--fasterCopy] [--out=FILE]</pre>
 */
public final class FeedsBenchMain {
  private static final Instant AS_OF = Instant.parse("2026-11-20T12:00:00Z");
  private static final int USERS_PER_SHARD = 5_000;

  public static void main(String[] args) throws IOException {
    int users = Integer.parseInt(args[0]);
    long seed = 42;
    int likes = 20;
    int parallelism = 2;
    boolean fasterCopy = false;
    Path out = null;
    for (String arg : List.of(args).subList(1, args.length)) {
      String value = arg.substring(arg.indexOf('=') + 1);
      if (arg.startsWith("--seed=")) {
        seed = Long.parseLong(value);
      } else if (arg.startsWith("--likes=")) {
        likes = Integer.parseInt(value);
      } else if (arg.startsWith("--parallelism=")) {
        parallelism = Integer.parseInt(value);
      } else if (arg.equals("--fasterCopy")) {
        fasterCopy = true;
      } else if (arg.startsWith("--out=")) {
        out = Path.of(value);
      } else {
        throw new IllegalArgumentException("unknown argument " + arg);
      }
    }
    SyntheticWorld world = new SyntheticWorld(seed, users, AS_OF, likes, SyntheticWorld.METROS);
    RunContext run = new RunContext("bench", AS_OF, AS_OF, null, Duration.ofDays(30));
    FeedSettings settings = new FeedSettings(RankingConfig.load(""), 200, 20);

    FlinkPipelineOptions options = PipelineOptionsFactory.as(FlinkPipelineOptions.class);
    options.setRunner(FlinkRunner.class);
    options.setFlinkMaster("[local]");
    options.setParallelism(parallelism);
    options.setFasterCopy(fasterCopy);
    Pipeline pipeline = Pipeline.create(options);
    PCollection<CacheWrite> writes = FeedsJob.feedWrites(generate(pipeline, world), run, settings,
        letters -> { });
    writes.apply("CountWrites", ParDo.of(new CountWritesFn()));

    long started = System.nanoTime();
    long cpuStarted = processCpuNanos();
    PipelineResult result = pipeline.run();
    PipelineResult.State state = result.waitUntilFinish();
    double seconds = (System.nanoTime() - started) / 1e9;
    double cpuSeconds = (processCpuNanos() - cpuStarted) / 1e9;
    if (state != PipelineResult.State.DONE) {
      throw new IllegalStateException("pipeline ended " + state);
    }

    Map<String, Long> counters = new TreeMap<>();
    for (MetricResult<Long> counter :
        result.metrics().queryMetrics(MetricsFilter.builder().build()).getCounters()) {
      counters.merge(counter.getName().getName(), counter.getAttempted(), Long::sum);
    }
    long peakRssKb = peakRssKb();
    String line = String.format(
        "users=%d likesPerUser=%d parallelism=%d fasterCopy=%b seconds=%.1f usersPerSecond=%.0f"
            + " microsPerUser=%.1f cpuSeconds=%.1f cpuMicrosPerUser=%.1f peakRssMiB=%d maxHeapMiB=%d puts=%d deletes=%d emptyFeeds=%d"
            + " pairsCompared=%d pairsEligible=%d pairsPerUser=%.0f",
        users, likes, parallelism, fasterCopy, seconds, users / seconds, seconds * 1e6 / users,
        cpuSeconds, cpuSeconds * 1e6 / users,
        peakRssKb / 1024, Runtime.getRuntime().maxMemory() >> 20, counters.getOrDefault("puts", 0L),
        counters.getOrDefault("deletes", 0L), counters.getOrDefault("empty_feeds", 0L),
        counters.getOrDefault("pairs_compared", 0L), counters.getOrDefault("pairs_eligible", 0L),
        counters.getOrDefault("pairs_compared", 0L) / (double) users);
    System.out.println("BENCH " + line);
    System.out.println("COUNTERS " + counters);
    if (out != null) {
      Files.writeString(out, line + System.lineSeparator(),
          java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    }
  }

  /** The world's users, likes, blocks and matches, generated by shards of user indices. */
  static PCollectionTuple generate(Pipeline pipeline, SyntheticWorld world) {
    List<Integer> shards = new ArrayList<>();
    for (int s = 0; s * USERS_PER_SHARD < world.users; s++) {
      shards.add(s);
    }
    PCollection<Integer> shardIds = pipeline
        .apply("Shards", Create.of(shards).withCoder(VarIntCoder.of()))
        .apply("SpreadShards", Reshuffle.viaRandomKey());
    return PCollectionTuple
        .of(BuildCandidateBlocks.USERS, shardIds.apply("GenerateUsers",
            ParDo.of(new GenerateFn<User>(world, (w, i) -> List.of(w.user(i)))))
            .setCoder(SerializableCoder.of(User.class)))
        .and(BuildCandidateBlocks.LIKES, shardIds.apply("GenerateLikes",
            ParDo.of(new GenerateFn<Like>(world, SyntheticWorld::likesOf)))
            .setCoder(SerializableCoder.of(Like.class)))
        .and(BuildCandidateBlocks.BLOCKS, shardIds.apply("GenerateBlocks",
            ParDo.of(new GenerateFn<Block>(world, SyntheticWorld::blocksOf)))
            .setCoder(SerializableCoder.of(Block.class)))
        .and(BuildCandidateBlocks.MATCHES, shardIds.apply("GenerateMatches",
            ParDo.of(new GenerateFn<Match>(world, SyntheticWorld::matchesOf)))
            .setCoder(SerializableCoder.of(Match.class)));
  }

  interface Records<T> extends java.io.Serializable {
    List<T> of(SyntheticWorld world, int index);
  }

  static final class GenerateFn<T> extends DoFn<Integer, T> {
    private final SyntheticWorld world;
    private final Records<T> records;

    GenerateFn(SyntheticWorld world, Records<T> records) {
      this.world = world;
      this.records = records;
    }

    @ProcessElement
    public void process(@Element Integer shard, OutputReceiver<T> out) {
      int end = Math.min(world.users, (shard + 1) * USERS_PER_SHARD);
      for (int i = shard * USERS_PER_SHARD; i < end; i++) {
        records.of(world, i).forEach(out::output);
      }
    }
  }

  /** Counts what would be written; a real run hands these to the writer. */
  static final class CountWritesFn extends DoFn<CacheWrite, Void> {
    private final org.apache.beam.sdk.metrics.Counter puts = Metrics.counter("bench", "puts");
    private final org.apache.beam.sdk.metrics.Counter deletes = Metrics.counter("bench", "deletes");

    @ProcessElement
    public void process(@Element CacheWrite write) {
      (write.isDelete() ? deletes : puts).inc();
    }
  }

  /** CPU time of the whole process, all threads: steadier than wall time on a shared machine. */
  static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
        java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  /** The process's peak resident set (VmHWM), in KiB; 0 where /proc is missing. */
  static long peakRssKb() throws IOException {
    Path status = Path.of("/proc/self/status");
    if (!Files.exists(status)) {
      return 0;
    }
    for (String line : Files.readAllLines(status)) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return 0;
  }
}
