package com.avalo.precompute.io;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.beam.sdk.PipelineResult.State;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.runtime.execution.ExecutionState;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.DiscardingSink;
import org.apache.flink.streaming.api.functions.source.SourceFunction;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.junit.Test;

/**
 * A run on a Flink cluster can be cancelled by its job's name while the runner still blocks in
 * {@code run()}; tried against a real cluster's REST API (Flink's MiniCluster, in this JVM).
 */
public class FlinkClusterJobTest {
  @Test
  public void onlyARunOnAClusterHasAClusterJob() {
    assertEquals(Optional.empty(), clusterJob("--runner=FlinkRunner", "--flinkMaster=[local]"));
    assertEquals(Optional.empty(), clusterJob("--runner=FlinkRunner"));
    assertEquals(Optional.empty(), clusterJob("--runner=DirectRunner",
        "--flinkMaster=127.0.0.1:8081"));
    assertEquals("127.0.0.1:18281",
        clusterJob("--runner=FlinkRunner", "--flinkMaster=127.0.0.1:18281").get().address());
    assertEquals("flink.internal:8081",
        clusterJob("--runner=FlinkRunner", "--flinkMaster=http://flink.internal").get().address());
  }

  @Test
  public void theNameLookedUpIsTheNameTheRunnerSubmits() {
    PrecomputeOptions options = PrecomputeRunner.parseOptions(List.of(),
        "--runner=FlinkRunner", "--flinkMaster=127.0.0.1:8081");
    FlinkClusterJob job = FlinkClusterJob.of(options).get();
    assertEquals(options.getJobName(), job.jobName());
    assertEquals("given", FlinkClusterJob.of(PrecomputeRunner.parseOptions(List.of(),
        "--runner=FlinkRunner", "--flinkMaster=127.0.0.1:8081", "--jobName=given")).get().jobName());
  }

  @Test
  public void aMasterThatIsNoAddressIsRefused() {
    assertThrows(IllegalArgumentException.class,
        () -> clusterJob("--runner=FlinkRunner", "--flinkMaster=http://"));
  }

  @Test
  public void flinkStatesReadAsBeamStates() {
    assertEquals(State.DONE, FlinkClusterJob.stateOf(JobStatus.FINISHED));
    assertEquals(State.CANCELLED, FlinkClusterJob.stateOf(JobStatus.CANCELED));
    assertEquals(State.FAILED, FlinkClusterJob.stateOf(JobStatus.FAILED));
    assertEquals(State.RUNNING, FlinkClusterJob.stateOf(JobStatus.RESTARTING));
    assertEquals(State.RUNNING, FlinkClusterJob.stateOf(JobStatus.CANCELLING));
  }

  @Test
  public void progressCountsFinishedTasks() {
    JobID id = new JobID(1, 2);
    assertEquals("Flink job " + id + " RUNNING: 3 of 10 tasks finished (counts come when it ends)",
        FlinkClusterJob.describe(id, JobStatus.RUNNING, Map.of(ExecutionState.FINISHED, 3,
            ExecutionState.RUNNING, 2, ExecutionState.CREATED, 5)));
  }

  @Test
  public void cancelsTheRunningJobOfItsNameOnARealCluster() throws Exception {
    try (MiniCluster cluster = startedCluster()) {
      int port = cluster.getRestAddress().get().getPort();
      JobID other = cluster.submitJob(endlessJob("someone-else")).get().getJobID();
      JobID ours = cluster.submitJob(endlessJob("run-under-test")).get().getJobID();
      awaitRunning(cluster, ours);
      FlinkClusterJob job = new FlinkClusterJob("127.0.0.1", port, "run-under-test");
      assertEquals(State.RUNNING, job.getState());
      assertTrue(job.progress(), job.progress().startsWith("Flink job " + ours + " RUNNING: "));

      assertEquals(List.of(ours), job.cancelJobs());

      assertEquals(JobStatus.CANCELED, cluster.getJobStatus(ours).get());
      assertEquals(State.CANCELLED, job.getState());
      assertEquals(JobStatus.RUNNING, cluster.getJobStatus(other).get());
      assertEquals("an ended job is not cancelled again", List.of(), job.cancelJobs());
      job.close();
    }
  }

  @Test
  public void jobsOfItsNameFromBeforeItsSubmissionAreNotItsOwn() throws Exception {
    // A fixed --jobName: another run of that name is still going when this one starts.
    try (MiniCluster cluster = startedCluster()) {
      int port = cluster.getRestAddress().get().getPort();
      JobID earlier = cluster.submitJob(endlessJob("nightly")).get().getJobID();
      awaitRunning(cluster, earlier);
      FlinkClusterJob job = new FlinkClusterJob("127.0.0.1", port, "nightly");
      job.setAsideEarlierJobs();
      assertEquals("not submitted yet", State.UNKNOWN, job.getState());
      assertEquals(List.of(), job.cancelJobs());

      JobID ours = cluster.submitJob(endlessJob("nightly")).get().getJobID();
      awaitRunning(cluster, ours);
      assertTrue(job.progress(), job.progress().startsWith("Flink job " + ours + " RUNNING: "));
      assertEquals(List.of(ours), job.cancelJobs());
      assertEquals(JobStatus.RUNNING, cluster.getJobStatus(earlier).get());
      job.close();
    }
  }

  @Test
  public void aClusterThatIsGoneGivesTheCommandToCancelByHand() throws Exception {
    FlinkClusterJob job = new FlinkClusterJob("127.0.0.1", 1, "run-under-test");
    java.io.IOException e = assertThrows(java.io.IOException.class, job::cancelJobs);
    assertTrue(e.getMessage(), e.getMessage().contains(
        "curl -X PATCH 'http://127.0.0.1:1/jobs/JOB_ID?mode=cancel'"));
    assertEquals(State.UNKNOWN, job.getState());
    job.close();
    assertEquals("a closed job asks nothing more", State.UNKNOWN, job.getState());
  }

  /** A real cluster in this JVM, its REST API on a free port. */
  private static MiniCluster startedCluster() throws Exception {
    Configuration config = new Configuration();
    config.set(RestOptions.BIND_PORT, "0");
    MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder()
        .setConfiguration(config).setNumTaskManagers(1).setNumSlotsPerTaskManager(2).build());
    cluster.start();
    return cluster;
  }

  private static Optional<FlinkClusterJob> clusterJob(String... args) {
    return FlinkClusterJob.of(PrecomputeRunner.parseOptions(List.of(), args));
  }

  private static JobGraph endlessJob(String name) {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.addSource(new Endless()).addSink(new DiscardingSink<>());
    StreamGraph graph = env.getStreamGraph();
    graph.setJobName(name);
    return graph.getJobGraph();
  }

  private static void awaitRunning(MiniCluster cluster, JobID id) throws Exception {
    for (int i = 0; i < 600 && cluster.getJobStatus(id).get() != JobStatus.RUNNING; i++) {
      Thread.sleep(100);
    }
    assertEquals(JobStatus.RUNNING, cluster.getJobStatus(id).get());
  }

  /** A source that runs until it is cancelled. */
  private static final class Endless implements SourceFunction<Long> {
    private volatile boolean running = true;

    @Override
    public void run(SourceContext<Long> out) throws Exception {
      while (running) {
        Thread.sleep(10);
      }
    }

    @Override
    public void cancel() {
      running = false;
    }
  }
}
