package com.avalo.precompute.serving.store;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.After;
import org.junit.Test;

/**
 * What every {@link RunLedger} does, run against each store: one lease per window among launches
 * at once, outcomes that persist, takeovers, and listing newest first.
 */
public abstract class RunLedgerContract {
  private final List<RunLedger> opened = new ArrayList<>();

  /** A new connection to the same ledger each call, as separate launches have. */
  protected abstract RunLedger connect();

  protected RunLedger ledger() {
    RunLedger ledger = connect();
    opened.add(ledger);
    return ledger;
  }

  @After
  public void closeLedgers() {
    opened.forEach(RunLedger::close);
  }

  private static LeaseRequest request(String schedule, Instant start, String runId, Instant now,
      Duration leaseFor) {
    return new LeaseRequest(schedule, start, start.plus(Duration.ofMinutes(10)), runId, "owner-" + runId,
        List.of(schedule), start.plus(Duration.ofMinutes(10)), now, leaseFor, false);
  }

  @Test
  public void ofLaunchesAtOnceExactlyOneGetsTheLease() throws Exception {
    int launches = 6;
    List<RunLedger> ledgers = new ArrayList<>();
    for (int i = 0; i < launches; i++) {
      ledgers.add(ledger());
    }
    ExecutorService pool = Executors.newFixedThreadPool(launches);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Lease>> leases = new ArrayList<>();
    for (int i = 0; i < launches; i++) {
      RunLedger ledger = ledgers.get(i);
      String runId = "run-" + i;
      Callable<Lease> launch = () -> {
        go.await();
        return ledger.acquire(request("chats", LeaseRulesTest.START, runId, LeaseRulesTest.T0,
            Duration.ofMinutes(30)));
      };
      leases.add(pool.submit(launch));
    }
    go.countDown();
    int granted = 0;
    String winner = null;
    for (Future<Lease> lease : leases) {
      if (lease.get() instanceof Lease.Granted g) {
        granted++;
        winner = g.attempt().runId();
      } else {
        assertTrue(lease.get().getClass().getSimpleName(), lease.get() instanceof Lease.StillRunning);
      }
    }
    pool.shutdown();
    assertEquals(1, granted);
    LedgerRecord record = ledger().get("chats", LeaseRulesTest.START).orElseThrow();
    assertEquals(1, record.attempts().size());
    assertEquals(winner, record.latest().runId());
  }

  @Test
  public void outcomesPersistWithEveryField() {
    RunLedger ledger = ledger();
    Lease.Granted lease = (Lease.Granted) ledger.acquire(request("counts", LeaseRulesTest.START, "r1",
        LeaseRulesTest.T0, Duration.ofMinutes(30)));
    AttemptKey key = AttemptKey.of(lease.record(), lease.attempt());
    RunCounts counts = new RunCounts(null, 12L, null, 3L, List.of(
        new DeadLetterCount("likes", "refers to missing user …", 2, "refers to missing user u12345678")));
    Instant finished = LeaseRulesTest.T0.plusSeconds(42);
    assertTrue(ledger.succeed(key, counts, finished));
    assertTrue(ledger.addRecordsRead(key, new TreeMap<>(Map.of("likes", 30L, "users", 8L))));
    assertTrue(!ledger.fail(key, "too late", finished.plusSeconds(1)));

    LedgerRecord read = ledger().get("counts", LeaseRulesTest.START).orElseThrow();
    LedgerAttempt attempt = read.latest();
    assertEquals(lease.attempt().withCounts(counts.withRecordsRead(new TreeMap<>(Map.of("likes", 30L,
        "users", 8L)))).succeeded(counts.withRecordsRead(new TreeMap<>(Map.of("likes", 30L, "users", 8L))),
        finished), attempt);
    assertEquals(RunState.SUCCEEDED, read.state());
    assertEquals(LeaseRulesTest.START.plus(Duration.ofMinutes(10)), read.windowEnd());
  }

  @Test
  public void anExpiredLeaseIsTakenOverAndTheDeadAttemptRecordedAsFailed() {
    RunLedger first = ledger();
    Instant start = LeaseRulesTest.START.plus(Duration.ofHours(1));
    Lease.Granted dead = (Lease.Granted) first.acquire(request("chats", start, "victim",
        LeaseRulesTest.T0, Duration.ofSeconds(5)));
    RunLedger second = ledger();
    assertTrue(second.acquire(request("chats", start, "early", LeaseRulesTest.T0.plusSeconds(4),
        Duration.ofSeconds(5))) instanceof Lease.StillRunning);
    Lease.Granted takeover = (Lease.Granted) second.acquire(request("chats", start, "rescuer",
        LeaseRulesTest.T0.plusSeconds(5), Duration.ofSeconds(5)));
    assertEquals("victim", takeover.tookOver().runId());
    LedgerRecord record = ledger().get("chats", start).orElseThrow();
    assertEquals(List.of(RunState.FAILED, RunState.RUNNING),
        record.attempts().stream().map(LedgerAttempt::state).toList());
    assertTrue(record.attempts().get(0).failureReason().startsWith("lease expired at"));
    assertEquals("its end is unknown: not the time until the takeover", null,
        record.attempts().get(0).duration());
    // The victim's own late failure does not overwrite what the takeover recorded.
    assertTrue(!first.fail(AttemptKey.of(dead.record(), dead.attempt()), "killed", LeaseRulesTest.T0));
  }

  @Test
  public void newestListsWindowsNewestFirstOfOneScheduleOrAll() {
    RunLedger ledger = ledger();
    for (int i = 0; i < 4; i++) {
      Instant start = LeaseRulesTest.START.plus(Duration.ofMinutes(10L * i));
      ledger.acquire(request("chats", start, "c" + i, LeaseRulesTest.T0, Duration.ofMinutes(5)));
      ledger.acquire(request("counts", start.plusSeconds(60), "n" + i, LeaseRulesTest.T0, Duration.ofMinutes(5)));
    }
    assertEquals(List.of("c3", "c2"), ledger.newest("chats", 2).stream().map(r -> r.latest().runId()).toList());
    assertEquals(List.of("n3", "c3", "n2"), ledger.newest(null, 3).stream().map(r -> r.latest().runId()).toList());
    assertEquals(List.of(), ledger.newest("chat", 5));
  }

  @Test
  public void schedulesListsEveryScheduleWithAWindowHoweverOld() {
    RunLedger ledger = ledger();
    assertEquals(List.of(), ledger.schedules());
    // A daily window, then many newer ten-minute windows of two other schedules.
    ledger.acquire(request("profiles", LeaseRulesTest.START.minus(Duration.ofDays(1)), "p0",
        LeaseRulesTest.T0, Duration.ofMinutes(5)));
    for (int i = 0; i < 3; i++) {
      Instant start = LeaseRulesTest.START.plus(Duration.ofMinutes(10L * i));
      ledger.acquire(request("chats", start, "c" + i, LeaseRulesTest.T0, Duration.ofMinutes(5)));
      ledger.acquire(request("matches", start, "m" + i, LeaseRulesTest.T0, Duration.ofMinutes(5)));
    }
    assertEquals(List.of("chats", "matches", "profiles"), ledger.schedules());
  }
}
