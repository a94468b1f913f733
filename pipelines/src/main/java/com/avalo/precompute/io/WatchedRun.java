package com.avalo.precompute.io;

import com.avalo.precompute.serving.store.StoreUnavailableException;
import com.avalo.precompute.store.StoreWriter;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;

/**
 * Runs a pipeline to its end while probing its store, and fails the run once the store has stopped
 * answering ({@link StoreOutage}) instead of waiting for the engine to notice.
 *
 * <p>Why a watch and not only tighter retries: FirestoreIO's calls carry no deadline (Beam builds
 * its stub with one attempt and no timeout), and against a killed emulator each call took 35-55 s
 * to fail; with FirestoreIO's 5 attempts, then the engine waiting for the other writer's call to
 * end before the job counts as failed, a run took 317 s to give up. No FirestoreIO setting bounds
 * one call. A fresh client's probe fails at once on a refused connection, and in at most 10 s.
 *
 * <p>The pipeline runs on a thread of its own because embedded Flink's {@code run()} blocks until
 * the end. A run given up on is cancelled where the runner handed back its result; a writer stuck
 * in its call is left to end by itself (the CLI exits; a scheduler's thread ends with the call).
 */
final class WatchedRun {
  private final StoreWriter store;
  private final Duration probeEvery;
  private final Duration downFor;
  private final Clock clock;

  private WatchedRun(StoreWriter store, Duration probeEvery, Duration downFor, Clock clock) {
    this.store = store;
    this.probeEvery = probeEvery;
    this.downFor = downFor;
    this.clock = clock;
  }

  /** The watch {@code options} ask for: {@code --storeProbeSeconds}, {@code --storeDownAfterSeconds}. */
  static WatchedRun of(StoreWriter store, PrecomputeOptions options) {
    if (options.getStoreProbeSeconds() <= 0) {
      throw new IllegalArgumentException("--storeProbeSeconds=" + options.getStoreProbeSeconds()
          + " must be positive");
    }
    return new WatchedRun(store, Duration.ofSeconds(options.getStoreProbeSeconds()),
        Duration.ofSeconds(options.getStoreDownAfterSeconds()), Clock.systemUTC());
  }

  /**
   * Runs {@code pipeline}, hands its result to {@code whileRunning} once the runner returns it, and
   * waits for its end. {@code cancellableBeforeRun}, when not null, is what to cancel if the run is
   * given up on before the runner returns (a job on a Flink cluster). When the run gets a thread of
   * its own, {@code heldWhileItRuns} is called before it starts, and what it returns is run when
   * that thread ends, which may be after this has given up on it.
   *
   * @throws StoreUnavailableException when the store stopped answering while it ran
   * @throws RuntimeException what the runner threw
   */
  Ended run(Pipeline pipeline, Consumer<PipelineResult> whileRunning,
      PipelineResult cancellableBeforeRun, Supplier<Runnable> heldWhileItRuns) {
    // A local store cannot vanish mid-run, and probing it would contend with the run's writes.
    if (!store.answersOverNetwork() || downFor.isZero() || downFor.isNegative()) {
      PipelineResult result = pipeline.run();
      whileRunning.accept(result);
      return new Ended(result, result.waitUntilFinish());
    }
    AtomicReference<PipelineResult> running = new AtomicReference<>(cancellableBeforeRun);
    ExecutorService thread = Executors.newSingleThreadExecutor(task -> {
      Thread runner = new Thread(task, "pipeline-run");
      runner.setDaemon(true); // a run given up on must not keep the JVM alive
      return runner;
    });
    Runnable ended = heldWhileItRuns.get();
    try {
      Future<Ended> end = thread.submit(() -> {
        try {
          PipelineResult result = pipeline.run();
          running.set(result);
          whileRunning.accept(result);
          return new Ended(result, result.waitUntilFinish());
        } finally {
          ended.run();
        }
      });
      return awaitWhileStoreAnswers(end, running);
    } finally {
      thread.shutdown();
    }
  }

  private Ended awaitWhileStoreAnswers(Future<Ended> end,
      AtomicReference<PipelineResult> running) {
    StoreOutage outage = new StoreOutage(downFor);
    while (true) {
      try {
        return end.get(probeEvery.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException stillRunning) {
        StoreUnavailableException gone = probe();
        if (outage.gone(clock.instant(), gone == null)) {
          giveUp(end, running.get());
          // The same line as a run the engine failed for its store (PrecomputeRunner.storeGoneOr).
          throw new StoreUnavailableException("the run failed: " + gone.getMessage(), gone);
        }
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        giveUp(end, running.get());
        throw new IllegalStateException("interrupted while the run was going", interrupted);
      } catch (ExecutionException failed) {
        Throwable cause = failed.getCause();
        if (cause instanceof RuntimeException runtime) {
          throw runtime;
        }
        if (cause instanceof Error error) {
          throw error;
        }
        throw new IllegalStateException(cause);
      }
    }
  }

  /** A pipeline that ran to its end, in {@code state}. */
  record Ended(PipelineResult result, PipelineResult.State state) {}

  /** Null when the store answered, else why not. */
  private StoreUnavailableException probe() {
    try {
      store.checkReachable();
      return null;
    } catch (StoreUnavailableException gone) {
      return gone;
    }
  }

  private static void giveUp(Future<?> end, PipelineResult result) {
    if (result != null) {
      try {
        result.cancel();
      } catch (IOException | RuntimeException notCancelled) {
        // Best effort: the failure to report is the store's, not the cancel's.
      }
    }
    end.cancel(true);
  }
}
