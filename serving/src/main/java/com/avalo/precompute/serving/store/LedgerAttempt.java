package com.avalo.precompute.serving.store;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One attempt at a window of a schedule: who holds (or held) the lease and until when, how it
 * ended, and what it did.
 *
 * @param attempt 1 for the first run of the window, then one more for each takeover, retry or
 *     forced rerun
 * @param state where it stands
 * @param runId the run id stamped on the attempt's documents
 * @param leaseOwner who took the lease (host and process, or the Flex Template launcher)
 * @param leaseUntil when the lease runs out: the attempt's stated longest run time after it
 *     started; a later launch may take over a RUNNING attempt from then on
 * @param startedAt when the lease was taken
 * @param finishedAt when its outcome was recorded, or null while running
 * @param jobs the jobs it runs
 * @param asOf the snapshot time it computes (the window's end)
 * @param forced whether it was started with {@code --force} over a window that had succeeded
 * @param counts what it did, as far as recorded
 * @param failureReason why it failed, or null
 * @param estimatedCostUsd its estimated cost in US dollars, or null (filled by incremental runs)
 * @param manifests where its write manifests are, empty when none (filled by incremental runs)
 */
public record LedgerAttempt(int attempt, RunState state, String runId, String leaseOwner,
    Instant leaseUntil, Instant startedAt, Instant finishedAt, List<String> jobs, Instant asOf,
    boolean forced, RunCounts counts, String failureReason, Double estimatedCostUsd,
    List<String> manifests) {

  public LedgerAttempt {
    jobs = List.copyOf(jobs);
    counts = counts == null ? RunCounts.NONE : counts;
    manifests = manifests == null ? List.of() : List.copyOf(manifests);
  }

  /** A new attempt holding the lease from {@code request.now()}. */
  static LedgerAttempt started(int attempt, LeaseRequest request) {
    return new LedgerAttempt(attempt, RunState.RUNNING, request.runId(), request.owner(),
        request.now().plus(request.leaseFor()), request.now(), null, request.jobs(),
        request.asOf(), request.force(), RunCounts.NONE, null, null, List.of());
  }

  /** This attempt, succeeded at {@code at} with {@code done}. */
  LedgerAttempt succeeded(RunCounts done, Instant at) {
    return succeeded(done, estimatedCostUsd, manifests, at);
  }

  /** This attempt, succeeded at {@code at} with {@code done}, its cost and its manifests. */
  LedgerAttempt succeeded(RunCounts done, Double costUsd, List<String> manifestPaths, Instant at) {
    return new LedgerAttempt(attempt, RunState.SUCCEEDED, runId, leaseOwner, leaseUntil,
        startedAt, at, jobs, asOf, forced, done, null, costUsd, manifestPaths);
  }

  /** This attempt, failed at {@code at} for {@code reason}. */
  LedgerAttempt failed(String reason, Instant at) {
    return new LedgerAttempt(attempt, RunState.FAILED, runId, leaseOwner, leaseUntil, startedAt,
        at, jobs, asOf, forced, counts, reason, estimatedCostUsd, manifests);
  }

  /** This attempt with {@code value} as its counts. */
  LedgerAttempt withCounts(RunCounts value) {
    return new LedgerAttempt(attempt, state, runId, leaseOwner, leaseUntil, startedAt,
        finishedAt, jobs, asOf, forced, value, failureReason, estimatedCostUsd, manifests);
  }

  /** Whether it holds a lease that has not run out at {@code now}. */
  public boolean holdsLeaseAt(Instant now) {
    return state == RunState.RUNNING && now.isBefore(leaseUntil);
  }

  /**
   * The start of the failure reason another launch records for an attempt whose lease ran out
   * with no outcome: its {@code finishedAt} is when that was noticed, not when it stopped.
   */
  public static final String LEASE_LAPSED = "lease expired at ";

  /**
   * How long it ran, or null while it runs, and when its lease lapsed with no outcome (its end
   * is unknown: it stopped some time before another launch noticed, maybe an hour later).
   */
  public Duration duration() {
    if (finishedAt == null || failureReason != null && failureReason.startsWith(LEASE_LAPSED)) {
      return null;
    }
    return Duration.between(startedAt, finishedAt);
  }
}
