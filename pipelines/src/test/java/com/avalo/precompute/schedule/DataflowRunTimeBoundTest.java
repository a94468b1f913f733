package com.avalo.precompute.schedule;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.time.Instant;
import java.util.List;
import org.apache.beam.runners.dataflow.options.DataflowPipelineOptions;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.Test;

public class DataflowRunTimeBoundTest {
  private static final Instant NOW = Instant.parse("2026-11-20T10:20:00Z");
  private static final Instant LEASE_UNTIL = Instant.parse("2026-11-20T11:20:00.900Z");

  private static PipelineOptions options(String... args) {
    return PipelineOptionsFactory.fromArgs(args).create();
  }

  private static List<String> serviceOptions(PipelineOptions options) {
    return options.as(DataflowPipelineOptions.class).getDataflowServiceOptions();
  }

  @Test
  public void boundsTheJobByTheWholeSecondsLeftOnTheLease() {
    PipelineOptions options = options();
    assertEquals(3600, DataflowRunTimeBound.apply(options, NOW, LEASE_UNTIL));
    assertEquals(List.of("max_workflow_runtime_walltime_seconds=3600"), serviceOptions(options));
  }

  @Test
  public void keepsTheOtherServiceOptionsAndAShorterBoundGiven() {
    PipelineOptions options = options("--dataflowServiceOptions=enable_prime,"
        + "max_workflow_runtime_walltime_seconds=600");
    assertEquals(600, DataflowRunTimeBound.apply(options, NOW, LEASE_UNTIL));
    assertEquals(List.of("enable_prime", "max_workflow_runtime_walltime_seconds=600"),
        serviceOptions(options));
  }

  @Test
  public void aLongerBoundGivenGivesWayToTheLease() {
    PipelineOptions options = options("--dataflowServiceOptions=max_workflow_runtime_walltime_seconds=86400");
    assertEquals(3600, DataflowRunTimeBound.apply(options, NOW, LEASE_UNTIL));
    assertEquals(List.of("max_workflow_runtime_walltime_seconds=3600"), serviceOptions(options));
  }

  @Test
  public void appliedTwiceItStaysOneOption() {
    PipelineOptions options = options();
    DataflowRunTimeBound.apply(options, NOW, LEASE_UNTIL);
    DataflowRunTimeBound.apply(options, NOW.plusSeconds(60), LEASE_UNTIL);
    assertEquals(List.of("max_workflow_runtime_walltime_seconds=3540"), serviceOptions(options));
  }

  @Test
  public void aLeaseThatRanOutSubmitsNothing() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> DataflowRunTimeBound.apply(options(), LEASE_UNTIL, LEASE_UNTIL));
    assertThat(e.getMessage(), containsString("the lease ran out at 2026-11-20T11:20:00.900Z"));
  }

  @Test
  public void aBoundGivenThatIsNotWholeSecondsIsRefused() {
    for (String bad : List.of("1h", "0", "-5", "")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> DataflowRunTimeBound.checkGiven(
              options("--dataflowServiceOptions=max_workflow_runtime_walltime_seconds=" + bad)));
      assertThat(e.getMessage(), containsString("must be a positive whole number of seconds"));
    }
    DataflowRunTimeBound.checkGiven(options("--dataflowServiceOptions=enable_prime"));
  }
}
