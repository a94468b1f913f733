package com.avalo.precompute.feeds;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.junit.Assert.assertEquals;

import com.avalo.precompute.io.RunContext;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.FlinkRunner;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.Test;

/**
 * The feed transforms write the same pages on the DirectRunner and on Flink's embedded cluster
 * ({@code --runner=FlinkRunner --flinkMaster=[local]}), with two parallel subtasks so that grouped
 * values really arrive in a different order. A first run deletes nothing on either runner; a
 * later run's deletes come from the diff against the run before, not from these transforms.
 */
public class FeedsRunnerParityTest {
  private static final Instant AS_OF = Instant.parse("2026-11-20T12:00:00Z");
  private static final RunContext RUN =
      new RunContext("parity", AS_OF, AS_OF, null, Duration.ofDays(30));

  @Test
  public void directAndFlinkWriteIdenticalFeeds() {
    SyntheticWorld world = new SyntheticWorld(5, 200, AS_OF, 6, SyntheticWorld.TOWNS);
    RankingConfig defaults = RankingConfig.load("");
    RankingConfig.Blocking b = defaults.blocking();
    // Small blocks: capping, and the capped blocks as a side input, are part of what is compared.
    FeedSettings settings = new FeedSettings(defaults.withBlocking(
        new RankingConfig.Blocking(b.geohashPrecisions(), b.maxCellsPerViewer(), 15)), 12, 5);

    FeedRuns.Output direct = FeedRuns.run(PipelineOptionsFactory.create(), world, RUN, settings);

    FlinkPipelineOptions flink = PipelineOptionsFactory.as(FlinkPipelineOptions.class);
    flink.setRunner(FlinkRunner.class);
    flink.setFlinkMaster("[local]");
    flink.setParallelism(2);
    FeedRuns.Output onFlink = FeedRuns.run(flink, world, RUN, settings);

    assertThat(direct.pages().size(), greaterThan(150));
    assertEquals(Set.of(), direct.deletes());
    assertEquals(direct.pages().keySet(), onFlink.pages().keySet());
    assertEquals(direct.pages(), onFlink.pages());
    assertEquals(Set.of(), onFlink.deletes());
  }
}
