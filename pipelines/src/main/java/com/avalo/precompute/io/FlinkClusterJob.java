package com.avalo.precompute.io;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.FlinkRunner;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricResults;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.client.deployment.StandaloneClusterId;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.runtime.client.JobStatusMessage;
import org.apache.flink.runtime.execution.ExecutionState;
import org.apache.flink.runtime.rest.messages.job.JobDetailsInfo;
import org.joda.time.Duration;

/**
 * A run's job on a Flink session cluster ({@code --flinkMaster=HOST:PORT}), found by its name
 * through the cluster's REST API, and usable before the runner hands back its own result.
 *
 * <p>Why: on a cluster, the FlinkRunner's {@code run()} blocks until the job ends, so while the job
 * runs there is no result to cancel, and the job does not end with its client. A run stopped with
 * Ctrl-C or SIGTERM, given up on because its store went away, or stopped at the end of its lease
 * would leave its job running on the cluster, still writing into the store. (Seen: SIGTERM to the
 * CLI 45 s into a feeds run at 10,000 users, and the job ran on to FINISHED.) So a cluster run
 * hands this to whoever watches or cancels it as soon as it starts, and cancels the job when the
 * JVM exits before the run has ended ({@link #cancelIfJvmExits}).
 *
 * <p>The job's name is the run's {@code --jobName}: Beam's default adds the time and a random
 * suffix, so it names this run's job alone. A name given by hand may be taken already (yesterday's
 * run of a nightly job, or another run going now): jobs of the name that were on the cluster
 * before this run submitted its own are not this run's, so they are never reported or cancelled
 * as its job.
 */
final class FlinkClusterJob implements PipelineResult {
  private static final Set<String> IN_THIS_JVM = Set.of("[local]", "[auto]", "[collection]");
  private static final long CALL_SECONDS = 10;
  private static final java.time.Duration CANCEL_WAIT = java.time.Duration.ofSeconds(30);
  private static final int DEFAULT_REST_PORT = 8081;

  private final String host;
  private final int port;
  private final String jobName;
  /** Jobs of this name on the cluster before this run submitted its own. */
  private volatile Set<JobID> earlierJobs = Set.of();
  private RestClusterClient<StandaloneClusterId> client; // guarded by this
  private boolean closed; // guarded by this

  FlinkClusterJob(String host, int port, String jobName) {
    this.host = host;
    this.port = port;
    this.jobName = jobName;
  }

  /** The cluster job of a run with {@code options}; empty unless it runs on a Flink cluster. */
  static Optional<FlinkClusterJob> of(PrecomputeOptions options) {
    if (!FlinkRunner.class.isAssignableFrom(options.getRunner())) {
      return Optional.empty();
    }
    String master = options.as(FlinkPipelineOptions.class).getFlinkMaster();
    if (master == null || master.isBlank() || IN_THIS_JVM.contains(master)) {
      return Optional.empty();
    }
    // Fixed now, so the name looked up is the name the runner submits.
    options.setJobName(options.getJobName());
    URI address = URI.create(master.contains("://") ? master : "http://" + master);
    if (address.getHost() == null) {
      throw new IllegalArgumentException("--flinkMaster=" + master + " is not HOST:PORT");
    }
    int port = address.getPort() < 0 ? DEFAULT_REST_PORT : address.getPort();
    FlinkClusterJob job = new FlinkClusterJob(address.getHost(), port, options.getJobName());
    job.setAsideEarlierJobs();
    return Optional.of(job);
  }

  /**
   * Notes the jobs of this name already on the cluster, before this run submits its own. A
   * cluster that does not answer has none to note; the submission then says what is wrong.
   */
  void setAsideEarlierJobs() {
    try {
      earlierJobs = jobsOfThisRun(client()).stream().map(JobStatusMessage::getJobId)
          .collect(java.util.stream.Collectors.toUnmodifiableSet());
    } catch (Exception e) {
      earlierJobs = Set.of();
    }
  }

  /** {@code HOST:PORT} of the cluster's REST API. */
  String address() {
    return host + ":" + port;
  }

  String jobName() {
    return jobName;
  }

  /**
   * Cancels the job when the JVM exits before the returned action is run: run it when the run has
   * ended (it also closes the REST client). What was cancelled, or why it could not be, is printed
   * to {@code err}.
   */
  Runnable cancelIfJvmExits(PrintStream err) {
    Thread hook = new Thread(() -> {
      try {
        List<JobID> cancelled = cancelJobs();
        if (!cancelled.isEmpty()) {
          err.println("stopped: cancelled Flink job " + ids(cancelled) + " (" + jobName + ") on "
              + address());
        }
      } catch (IOException e) {
        err.println("warning: " + e.getMessage());
      }
    }, "cancel-flink-job");
    Runtime.getRuntime().addShutdownHook(hook);
    return () -> {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
        close();
      } catch (IllegalStateException shuttingDown) {
        // The hook is running or has run: it is what cancels the job now, with the client.
      }
    };
  }

  /**
   * Cancels every job of this run's name on the cluster that has not ended, and waits up to 30 s
   * for each to end.
   *
   * @return the jobs cancelled (none when the job had ended or was not submitted yet)
   * @throws IOException when the cluster does not answer or refuses, with the command that
   *     cancels the job by hand
   */
  List<JobID> cancelJobs() throws IOException {
    try {
      RestClusterClient<StandaloneClusterId> rest = client();
      List<JobID> cancelling = new ArrayList<>();
      for (JobStatusMessage job : jobsOfThisRun(rest)) {
        if (!job.getJobState().isGloballyTerminalState()) {
          rest.cancel(job.getJobId()).get(CALL_SECONDS, TimeUnit.SECONDS);
          cancelling.add(job.getJobId());
        }
      }
      long deadline = System.nanoTime() + CANCEL_WAIT.toNanos();
      for (JobID id : cancelling) {
        while (!rest.getJobStatus(id).get(CALL_SECONDS, TimeUnit.SECONDS)
            .isGloballyTerminalState()) {
          if (System.nanoTime() > deadline) {
            throw new IOException("Flink job " + id + " (" + jobName + ") on " + address()
                + " did not end within " + CANCEL_WAIT.toSeconds() + " s of its cancel");
          }
          Thread.sleep(250);
        }
      }
      return cancelling;
    } catch (IOException e) {
      throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(cannotCancel("interrupted"), e);
    } catch (Exception e) {
      throw new IOException(cannotCancel(String.valueOf(e.getMessage())), e);
    }
  }

  private String cannotCancel(String why) {
    return "could not cancel Flink job '" + jobName + "' on " + address() + " (" + why + "); find"
        + " it with curl http://" + address() + "/jobs/overview and cancel it with curl -X PATCH"
        + " 'http://" + address() + "/jobs/JOB_ID?mode=cancel'";
  }

  /** One line on the job for a progress display: its state and how many of its tasks finished. */
  String progress() {
    try {
      RestClusterClient<StandaloneClusterId> rest = client();
      List<JobStatusMessage> jobs = jobsOfThisRun(rest);
      if (jobs.isEmpty()) {
        return "submitting to the Flink cluster at " + address();
      }
      JobStatusMessage newest = jobs.get(jobs.size() - 1);
      JobDetailsInfo details =
          rest.getJobDetails(newest.getJobId()).get(CALL_SECONDS, TimeUnit.SECONDS);
      return describe(newest.getJobId(), details.getJobStatus(), details.getJobVerticesPerState());
    } catch (Exception e) {
      return "the Flink cluster at " + address() + " does not answer (" + e.getMessage() + ")";
    }
  }

  /** What a progress line says of a job in {@code status} with tasks in {@code perState}. */
  static String describe(JobID id, JobStatus status, Map<ExecutionState, Integer> perState) {
    int tasks = perState.values().stream().mapToInt(Integer::intValue).sum();
    int finished = perState.getOrDefault(ExecutionState.FINISHED, 0);
    return String.format(Locale.ROOT,
        "Flink job %s %s: %d of %d tasks finished (counts come when it ends)",
        id, status, finished, tasks);
  }

  @Override
  public State getState() {
    try {
      RestClusterClient<StandaloneClusterId> rest = client();
      List<JobStatusMessage> jobs = jobsOfThisRun(rest);
      return jobs.isEmpty() ? State.UNKNOWN : stateOf(jobs.get(jobs.size() - 1).getJobState());
    } catch (Exception e) {
      return State.UNKNOWN;
    }
  }

  /** Beam's name for Flink's {@code status}. */
  static State stateOf(JobStatus status) {
    return switch (status) {
      case FINISHED -> State.DONE;
      case FAILED -> State.FAILED;
      case CANCELED -> State.CANCELLED;
      case SUSPENDED -> State.STOPPED;
      default -> State.RUNNING;
    };
  }

  @Override
  public State cancel() throws IOException {
    cancelJobs();
    return getState();
  }

  @Override
  public State waitUntilFinish(Duration duration) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(duration.getMillis());
    State state = getState();
    while (!state.isTerminal() && System.nanoTime() < deadline) {
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return state;
      }
      state = getState();
    }
    return state.isTerminal() ? state : null;
  }

  @Override
  public State waitUntilFinish() {
    return waitUntilFinish(Duration.millis(Long.MAX_VALUE / 2_000_000));
  }

  @Override
  public MetricResults metrics() {
    throw new UnsupportedOperationException(
        "Beam's FlinkRunner gives a cluster job's counters when the job ends");
  }

  /** This run's jobs on the cluster, oldest first. */
  private List<JobStatusMessage> jobsOfThisRun(RestClusterClient<?> rest) throws Exception {
    Collection<JobStatusMessage> all = rest.listJobs().get(CALL_SECONDS, TimeUnit.SECONDS);
    return all.stream()
        .filter(job -> jobName.equals(job.getJobName()))
        .filter(job -> !earlierJobs.contains(job.getJobId()))
        .sorted(Comparator.comparingLong(JobStatusMessage::getStartTime))
        .toList();
  }

  /** The run's one REST client, made at its first use: a progress line asks every second. */
  private synchronized RestClusterClient<StandaloneClusterId> client() throws Exception {
    if (closed) {
      throw new IllegalStateException("the run has ended");
    }
    if (client == null) {
      client = newClient();
    }
    return client;
  }

  /** Closes the REST client, once the run has ended. */
  synchronized void close() {
    closed = true;
    if (client != null) {
      client.close();
      client = null;
    }
  }

  private RestClusterClient<StandaloneClusterId> newClient() throws Exception {
    Configuration config = new Configuration();
    config.set(RestOptions.ADDRESS, host);
    config.set(RestOptions.PORT, port);
    // Called while a JVM exits: a cluster that is gone must not hold it up for Flink's default
    // 20 attempts, 3 s apart.
    config.set(RestOptions.RETRY_MAX_ATTEMPTS, 2);
    config.set(RestOptions.RETRY_DELAY, 500L);
    return new RestClusterClient<>(config, StandaloneClusterId.getInstance());
  }

  private static String ids(List<JobID> ids) {
    return String.join(", ", ids.stream().map(JobID::toString).toList());
  }
}
