package com.avalo.precompute.serving.store;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.Test;

/** Who gets a window's lease, and how outcomes change its record: the rules both ledgers apply. */
public class LeaseRulesTest {
  static final Instant START = Instant.parse("2026-11-20T10:00:00Z");
  static final Instant END = Instant.parse("2026-11-20T10:10:00Z");
  static final Instant T0 = Instant.parse("2026-11-20T10:10:05Z");
  static final Duration LEASE = Duration.ofMinutes(30);

  static LeaseRequest request(String runId, Instant now, boolean force) {
    return new LeaseRequest("chats", START, END, runId, "host-" + runId, List.of("chats"), END, now,
        LEASE, force);
  }

  private static LedgerRecord granted(Optional<LedgerRecord> existing, LeaseRequest request) {
    LeaseRules.Decision decision = LeaseRules.decide(existing, request);
    Lease.Granted lease = (Lease.Granted) decision.lease();
    assertEquals(decision.store(), lease.record());
    return decision.store();
  }

  @Test
  public void theFirstLaunchOfAWindowTakesItsLeaseForTheStatedRunTime() {
    LedgerRecord record = granted(Optional.empty(), request("r1", T0, false));
    LedgerAttempt attempt = record.latest();
    assertEquals(1, attempt.attempt());
    assertEquals(RunState.RUNNING, attempt.state());
    assertEquals(T0.plus(LEASE), attempt.leaseUntil());
    assertEquals(T0, attempt.startedAt());
    assertEquals(END, attempt.asOf());
    assertEquals("chats__20261120T100000Z", record.id());
  }

  @Test
  public void aLiveLeaseRefusesEveryOtherLaunchUntilTheNanosecondItRunsOut() {
    LedgerRecord record = granted(Optional.empty(), request("r1", T0, false));
    Instant until = record.latest().leaseUntil();
    for (boolean force : List.of(false, true)) {
      LeaseRules.Decision decision = LeaseRules.decide(Optional.of(record),
          request("r2", until.minusNanos(1), force));
      assertTrue(decision.lease() instanceof Lease.StillRunning);
      assertNull(decision.store());
      assertEquals("already running since 2026-11-20T10:10:05Z, lease until 2026-11-20T10:40:05Z"
          + " (attempt 1, run r1, host-r1)", ((Lease.StillRunning) decision.lease()).message());
    }
    LedgerRecord taken = granted(Optional.of(record), request("r2", until, false));
    assertEquals(2, taken.attempts().size());
    LedgerAttempt expired = taken.attempt(1).orElseThrow();
    assertEquals(RunState.FAILED, expired.state());
    assertEquals(until, expired.finishedAt());
    assertTrue(expired.failureReason(), expired.failureReason().startsWith(
        "lease expired at 2026-11-20T10:40:05Z without an outcome"));
    assertEquals(RunState.RUNNING, taken.state());
    assertEquals("r2", taken.latest().runId());
  }

  /**
   * A launch whose request reached the store but whose answer was lost (a timeout, a client
   * retry answered ALREADY_EXISTS) asks again with its own run id: it gets its own lease back
   * rather than being refused by it. Run ids are unique per launch.
   */
  @Test
  public void aRequestRetriedByTheSameRunGetsItsOwnLeaseBack() {
    LedgerRecord record = granted(Optional.empty(), request("r1", T0, false));
    LeaseRules.Decision again = LeaseRules.decide(Optional.of(record),
        request("r1", T0.plusSeconds(30), false));
    assertEquals(new Lease.Granted(record, record.latest(), null), again.lease());
    assertNull("nothing to store", again.store());
    LedgerRecord failed = LeaseRules.fail(record, 1, "r1", "disk full", T0.plusSeconds(5))
        .orElseThrow();
    assertTrue("a run's own attempt that ended is not handed back",
        LeaseRules.decide(Optional.of(failed), request("r1", T0.plusSeconds(30), false)).lease()
            instanceof Lease.Granted granted && granted.attempt().attempt() == 2);
  }

  @Test
  public void aTakeoverReportsTheAttemptItTookOver() {
    LedgerRecord record = granted(Optional.empty(), request("r1", T0, false));
    Lease.Granted lease = (Lease.Granted) LeaseRules.decide(Optional.of(record),
        request("r2", T0.plus(LEASE), false)).lease();
    assertEquals(1, lease.tookOver().attempt());
    assertEquals(RunState.FAILED, lease.tookOver().state());
    assertEquals(2, lease.attempt().attempt());
  }

  @Test
  public void aSucceededWindowIsDoneUnlessARerunIsForcedAsANewAttempt() {
    LedgerRecord record = granted(Optional.empty(), request("r1", T0, false));
    LedgerRecord succeeded = LeaseRules.succeed(record, 1, "r1", RunCounts.NONE, T0.plusSeconds(40))
        .orElseThrow();
    LeaseRules.Decision again = LeaseRules.decide(Optional.of(succeeded), request("r2", T0.plusSeconds(60), false));
    assertNull(again.store());
    assertEquals("already succeeded at 2026-11-20T10:10:45Z (attempt 1, run r1); --force runs it again",
        ((Lease.AlreadySucceeded) again.lease()).message());
    LedgerRecord forced = granted(Optional.of(succeeded), request("r2", T0.plusSeconds(60), true));
    assertEquals(RunState.SUCCEEDED, forced.attempt(1).orElseThrow().state());
    assertTrue(forced.latest().forced());
    assertEquals(2, forced.latest().attempt());
  }

  @Test
  public void aFailedWindowRunsAgainWithoutForce() {
    LedgerRecord record = granted(Optional.empty(), request("r1", T0, false));
    LedgerRecord failed = LeaseRules.fail(record, 1, "r1", "disk full", T0.plusSeconds(5)).orElseThrow();
    assertEquals("disk full", failed.latest().failureReason());
    LedgerRecord retried = granted(Optional.of(failed), request("r2", T0.plusSeconds(6), false));
    assertEquals(2, retried.latest().attempt());
    assertFalse(retried.latest().forced());
    assertEquals("disk full", retried.attempt(1).orElseThrow().failureReason());
  }

  @Test
  public void anOutcomeIsRecordedOnlyForTheAttemptOfItsRun() {
    LedgerRecord record = granted(Optional.empty(), request("r1", T0, false));
    assertTrue(LeaseRules.succeed(record, 1, "other", RunCounts.NONE, T0).isEmpty());
    assertTrue(LeaseRules.succeed(record, 2, "r1", RunCounts.NONE, T0).isEmpty());
    assertTrue(LeaseRules.fail(record, 1, "other", "x", T0).isEmpty());
  }

  @Test
  public void aSuccessStandsAgainstALaterFailureButALateSuccessIsRecorded() {
    LedgerRecord record = granted(Optional.empty(), request("r1", T0, false));
    LedgerRecord succeeded = LeaseRules.succeed(record, 1, "r1", RunCounts.NONE, T0.plusSeconds(9))
        .orElseThrow();
    assertTrue(LeaseRules.fail(succeeded, 1, "r1", "launcher lost track", T0.plusSeconds(10)).isEmpty());
    assertTrue(LeaseRules.succeed(succeeded, 1, "r1", RunCounts.NONE, T0.plusSeconds(11)).isEmpty());
    // Taken over after its lease ran out, the first attempt still finished all its writes.
    LedgerRecord taken = granted(Optional.of(record), request("r2", T0.plus(LEASE), false));
    LedgerRecord late = LeaseRules.succeed(taken, 1, "r1", RunCounts.NONE, T0.plus(LEASE).plusSeconds(1))
        .orElseThrow();
    assertEquals(RunState.SUCCEEDED, late.attempt(1).orElseThrow().state());
    assertNull(late.attempt(1).orElseThrow().failureReason());
    assertEquals(RunState.RUNNING, late.state());
  }

  @Test
  public void recordsReadAreAddedToTheCountsThePipelineRecorded() {
    LedgerRecord record = granted(Optional.empty(), request("r1", T0, false));
    RunCounts counts = new RunCounts(null, 10L, null, 2L,
        List.of(new DeadLetterCount("users", "missing required field 'name'", 3, "missing required field 'name'")));
    LedgerRecord succeeded = LeaseRules.succeed(record, 1, "r1", counts, T0.plusSeconds(3)).orElseThrow();
    LedgerRecord read = LeaseRules.addRecordsRead(succeeded, 1, "r1", new TreeMap<>(Map.of("users", 7L)))
        .orElseThrow();
    RunCounts after = read.latest().counts();
    assertEquals(Long.valueOf(7), after.totalRead());
    assertEquals(Long.valueOf(10), after.documentsWritten());
    assertEquals(3, after.totalDeadLetters());
    assertEquals(Duration.ofSeconds(3), read.latest().duration());
  }
}
