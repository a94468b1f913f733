package com.avalo.precompute.serving;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.avalo.precompute.schemas.CacheDocument;
import com.avalo.precompute.serving.CacheRead.Layer;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.Test;

/**
 * The coarse clock of memory hits: it never runs ahead of the ticker, a deadline within its
 * tolerance is checked against the ticker itself, and a lag beyond the tolerance is counted.
 */
public class HitClockTest {
  private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
  private static final String KEY = "user:u1";
  /** The profile's default memory TTL. */
  private static final Duration TTL = Duration.ofMinutes(5);

  private final FakeTime time = new FakeTime();
  private final MapStore store = new MapStore();
  private final CacheDocument v1 = Docs.doc(KEY, Docs.T0.plus(Duration.ofDays(1)), "run-1");
  private final CacheDocument v2 = Docs.doc(KEY, Docs.T0.plus(Duration.ofDays(2)), "run-2");

  @Test
  public void exactClockReadsTheTickerEveryTime() {
    HitClock clock = new HitClock(time, 0);
    time.advanceNanos(5);
    assertEquals(time.read(), clock.read());
    assertTrue(clock.surelyBefore(time.read(), time.read() + 1));
    assertFalse(clock.surelyBefore(time.read(), time.read()));
    assertEquals(0, clock.lagNanos());
  }

  @Test
  public void coarseCopyMovesOnlyOnTicksAndObservedReadingsAndNeverBack() {
    HitClock clock = new HitClock(time, SECOND);
    long start = time.read();
    time.advance(Duration.ofMillis(300));
    assertEquals("not ticked yet", start, clock.read());
    assertEquals(TimeUnit.MILLISECONDS.toNanos(300), clock.lagNanos());
    clock.tick();
    assertEquals(time.read(), clock.read());
    clock.observed(start);
    assertEquals("an older reading does not move it back", time.read(), clock.read());
    long ticked = time.read();
    time.advance(Duration.ofMillis(5));
    assertEquals(time.read(), clock.readExact());
    assertEquals("within a tick, an exact read leaves the copy to the thread", ticked, clock.read());
    time.advance(Duration.ofMillis(20));
    clock.readExact();
    assertEquals("more than a tick behind, an exact read moves it on", time.read(), clock.read());
  }

  @Test
  public void deadlineWithinTheToleranceIsNotSurelyAhead() {
    HitClock clock = new HitClock(time, SECOND);
    long now = clock.read();
    assertTrue(clock.surelyBefore(now, now + SECOND + 1));
    assertFalse(clock.surelyBefore(now, now + SECOND));
    assertTrue("a deadline that never comes", clock.surelyBefore(now, Entry.NEVER));
  }

  @Test
  public void tickCountsAStallOnlyWhenTheCopyLaggedBeyondTheTolerance() {
    HitClock clock = new HitClock(time, SECOND);
    time.advanceNanos(SECOND);
    clock.tick();
    assertEquals("a lag of exactly the tolerance is still covered", 0, clock.stalls());
    time.advanceNanos(SECOND + 1);
    clock.tick();
    assertEquals(1, clock.stalls());
  }

  @Test
  public void startedClockFollowsTheTickerOnItsOwn() throws Exception {
    AtomicLong ticks = new AtomicLong();
    Ticker ticker = () -> TimeUnit.MILLISECONDS.toNanos(ticks.incrementAndGet());
    try (HitClock clock = new HitClock(ticker, SECOND).start()) {
      long first = clock.read();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (clock.read() == first && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertTrue("the daemon thread moved the copy on", clock.read() > first);
    }
  }

  @Test
  public void entryNearItsDeadlineIsCheckedOnTheTickerThoughTheCopyLags() {
    store.put(v1);
    HitClock clock = new HitClock(time, SECOND);
    try (CacheClient client = Clients.builder(store, time).refreshAheadFraction(1).hitClock(clock).build()) {
      client.get(KEY);
      store.put(v2);
      time.advance(TTL.minusMillis(500));
      clock.tick();
      assertEquals(new CacheRead(v1, Layer.MEMORY, false), client.get(KEY));
      time.advance(Duration.ofMillis(600)); // past the deadline; the copy lags 600 ms, within 1 s
      long stalls = clock.stalls(); // the test's jump of nearly 5 min counts as one
      assertEquals(new CacheRead(v2, Layer.STORE, false), client.get(KEY));
      assertEquals(stalls, clock.stalls());
    }
  }

  @Test
  public void copyLaggingBeyondTheToleranceMayServeLateAndIsCountedAsAStall() {
    store.put(v1);
    HitClock clock = new HitClock(time, SECOND);
    try (CacheClient client = Clients.builder(store, time).refreshAheadFraction(1).hitClock(clock).build()) {
      client.get(KEY);
      store.put(v2);
      time.advance(TTL.plusSeconds(1)); // the copy is 5 min 1 s behind: no tick ran
      // The documented cost of the coarse clock: a hit that is not sampled serves v1 late. A
      // sampled one (1 in 256) reads the ticker, which also moves the copy on: then no stall.
      boolean servedLate = client.get(KEY).document().runId().equals("run-1");
      clock.tick();
      assertEquals("a stall is counted exactly when the copy had lagged", servedLate ? 1.0 : 0.0,
          client.meterRegistry().get("avalo.cache.hit.clock.stalls").functionCounter().count(), 0);
      assertEquals("once ticked, the expired entry is not served", v2, client.get(KEY).document());
      assertEquals(0, clock.lagNanos());
    }
  }

  @Test
  public void hitsOnTheCoarseClockRarelyReadTheTicker() {
    store.put(v1);
    CountingTicker coarseTicker = new CountingTicker(time);
    CountingTicker exactTicker = new CountingTicker(time);
    try (CacheClient coarse = Clients.builder(store, time).ticker(coarseTicker)
            .hitClock(new HitClock(coarseTicker, SECOND)).build();
        CacheClient exact = Clients.builder(store, time).ticker(exactTicker).build()) {
      coarse.get(KEY);
      exact.get(KEY);
      long coarseBefore = coarseTicker.reads.get();
      long exactBefore = exactTicker.reads.get();
      for (int i = 0; i < 6_400; i++) {
        assertEquals(Layer.MEMORY, coarse.get(KEY).layer());
        assertEquals(Layer.MEMORY, exact.get(KEY).layer());
      }
      // Sampled hits (1 in 256, so ~25 here, two reads each) still read it.
      assertTrue("coarse: " + (coarseTicker.reads.get() - coarseBefore),
          coarseTicker.reads.get() - coarseBefore < 1_000);
      assertTrue("exact: " + (exactTicker.reads.get() - exactBefore),
          exactTicker.reads.get() - exactBefore >= 6_400);
    }
  }

  @Test
  public void dueRefreshStartsOnTheCoarseClock() {
    store.put(v1);
    HitClock clock = new HitClock(time, SECOND);
    try (CacheClient client = Clients.builder(store, time).hitClock(clock).build()) {
      client.get(KEY);
      store.put(v2);
      time.advance(Duration.ofMinutes(4)); // 0.8 of the TTL: due
      clock.tick();
      assertEquals("served while the refresh runs", "run-1", client.get(KEY).document().runId());
      assertEquals(new CacheRead(v2, Layer.MEMORY, false), client.get(KEY));
      assertEquals(2, store.reads());
    }
  }

  @Test
  public void builderDefaultsToTheCoarseClockOnlyOnTheSystemTicker() {
    try (CacheClient system = CacheClient.builder(store).build()) {
      assertEquals(0.0, system.meterRegistry().get("avalo.cache.hit.clock.stalls").functionCounter()
          .count(), 0);
      assertTrue(system.meterRegistry().find("avalo.cache.hit.clock.lag").gauge() != null);
    }
  }

  /** A ticker that counts its reads. */
  private static final class CountingTicker implements Ticker {
    private final Ticker ticker;
    private final AtomicLong reads = new AtomicLong();

    CountingTicker(Ticker ticker) {
      this.ticker = ticker;
    }

    @Override
    public long read() {
      reads.incrementAndGet();
      return ticker.read();
    }
  }
}
