package com.avalo.precompute.serving.store;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;

/**
 * A launch asking for the lease of one window of a schedule.
 *
 * @param schedule the schedule's name
 * @param windowStart the window's start, a tick of the schedule
 * @param windowEnd the window's end, the next tick
 * @param runId the run id the attempt will stamp on its documents
 * @param owner who asks (host and process, or the Flex Template launcher)
 * @param jobs the jobs the attempt runs
 * @param asOf the snapshot time it computes
 * @param now the time of the request, from the caller's clock
 * @param leaseFor how long the lease holds: the schedule's longest run time
 * @param force whether to run again a window that succeeded ({@code --force})
 */
public record LeaseRequest(String schedule, Instant windowStart, Instant windowEnd, String runId,
    String owner, List<String> jobs, Instant asOf, Instant now, Duration leaseFor, boolean force) {

  public LeaseRequest {
    Objects.requireNonNull(schedule, "schedule");
    Objects.requireNonNull(runId, "runId");
    jobs = List.copyOf(jobs);
    // Milliseconds are what people and Firestore's timestamps (microseconds) need of a lease.
    now = now.truncatedTo(ChronoUnit.MILLIS);
    if (!windowStart.isBefore(windowEnd)) {
      throw new IllegalArgumentException("a window must start before it ends: " + windowStart
          + " .. " + windowEnd);
    }
    if (leaseFor.isNegative() || leaseFor.isZero()) {
      throw new IllegalArgumentException("a lease must last a positive time, not " + leaseFor);
    }
  }
}
