package com.avalo.precompute.serving.http;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.junit.Test;

/**
 * The open-loop generator's schedule and its correction for coordinated omission, on virtual time
 * against a fake server: no real clock, so the figures asserted are exact consequences of the
 * schedule, not measurements.
 */
public class OpenLoopTest {
  private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
  private static final long S = TimeUnit.SECONDS.toNanos(1);

  private final VirtualClock clock = new VirtualClock();
  private final ZipfPaths paths = new ZipfPaths(List.of("user:a", "user:b", "/v1/users/c"), 1.0, 42);

  @Test
  public void aStalledServerIsChargedForEveryRequestDueDuringTheStall() {
    // One connection: what a closed-loop tool sees. The server stops for 1 s at t = 5 s.
    FakeServer server = new FakeServer(clock, 1, MS, 5 * S, 6 * S);
    LatencyLog log = run(server, 100, 10);
    Histogram fromIntended = log.intendedTotal();
    Histogram fromSent = log.serviceTotal();

    assertEquals(1000, fromIntended.getTotalCount());
    assertTrue("the 100 requests due in the stall waited up to 1 s: p99 "
        + OpenLoopLoad.millis(fromIntended, 99), OpenLoopLoad.millis(fromIntended, 99) >= 900);
    assertEquals(1001, fromIntended.getMaxValue() / MS, 1);
    assertTrue("the stall and its backlog are 11% of the run: p85 is untouched",
        OpenLoopLoad.millis(fromIntended, 85) < 2);
    assertTrue("measured from the send, one slow request and 999 fast ones (coordinated"
        + " omission): p99 " + OpenLoopLoad.millis(fromSent, 99), OpenLoopLoad.millis(fromSent, 99) < 1.1);
    assertEquals(1001, fromSent.getMaxValue() / MS, 1);
  }

  @Test
  public void aPausedGeneratorCatchesUpAndChargesTheDelayToTheRequests() {
    clock.pauseAt(3 * S, 500 * MS); // the generator itself stops for 500 ms (a GC pause, say)
    FakeServer server = new FakeServer(clock, 100, MS, Long.MAX_VALUE, Long.MAX_VALUE);
    LatencyLog log = run(server, 100, 10);
    Histogram fromIntended = log.intendedTotal();

    assertEquals("nothing omitted", 1000, log.sentCount());
    assertEquals(501, fromIntended.getMaxValue() / MS, 1);
    assertEquals("due at 3.0-3.4 s, sent at 3.5 s: 101-501 ms late", 41,
        fromIntended.getCountBetweenValues(100 * MS, 600 * MS));
    assertTrue("the server was never slow", OpenLoopLoad.millis(log.serviceTotal(), 100) < 1.1);
  }

  @Test
  public void requestsAreDueAtEvenIntervalsFromTheStart() {
    List<Long> due = new ArrayList<>();
    LatencyLog log = new LatencyLog();
    long start = new OpenLoop(clock, (path, intended, sink) -> due.add(intended), paths, log, 1)
        .run(200, 2);
    assertEquals(400, due.size());
    for (int i = 0; i < due.size(); i++) {
      assertEquals(start + i * 5 * MS, (long) due.get(i));
    }
    assertEquals(400, log.sentCount());
  }

  @Test
  public void errorsAreCountedAndAnswersWithErrorStatusesStillTimed() {
    LatencyLog log = new LatencyLog();
    log.answered(0, 0, 2 * MS, 503);
    log.answered(0, 0, 3 * MS, 200);
    log.failed();
    assertEquals(1, log.statusErrors());
    assertEquals(1, log.transportErrors());
    assertEquals(2, log.window().fromIntended().getTotalCount());
    assertEquals(0, log.window().fromIntended().getTotalCount());
    assertEquals("windows add up to the total", 2, log.intendedTotal().getTotalCount());
  }

  @Test
  public void keysFollowTheZipfRanksAndBecomePaths() {
    ZipfPaths zipf = new ZipfPaths(List.of("user:a", "user:b", "user:c", "/v1/users/d"), 1.0, 7);
    SplittableRandom random = new SplittableRandom(1);
    java.util.Map<String, Integer> counts = new java.util.HashMap<>();
    for (int i = 0; i < 25_000; i++) {
      counts.merge(zipf.next(random), 1, Integer::sum);
    }
    // Weights 1, 1/2, 1/3, 1/4 of 25/12: the hottest rank gets 12/25 of the draws.
    assertEquals(12_000, counts.get(zipf.hottest()), 400);
    assertEquals(4, counts.size());
    assertTrue(counts.containsKey("/v1/docs/user:a"));
    assertTrue("a path stays a path", counts.containsKey("/v1/users/d"));
  }

  private LatencyLog run(FakeServer server, double rate, double seconds) {
    LatencyLog log = new LatencyLog();
    new OpenLoop(clock, server, paths, log, 1).run(rate, seconds);
    log.window();
    return log;
  }

  /** Virtual time that moves only when the generator sleeps, or jumps once when told. */
  private static final class VirtualClock implements OpenLoop.Clock {
    private long now = 1_000 * S;
    private long pauseAt = Long.MAX_VALUE;
    private long pauseFor;
    private long origin = now;

    void pauseAt(long elapsed, long length) {
      pauseAt = elapsed;
      pauseFor = length;
    }

    @Override
    public long nanoTime() {
      return now;
    }

    @Override
    public void sleepUntil(long deadline) {
      now = Math.max(now, deadline);
      if (now - origin >= pauseAt) {
        now += pauseFor;
        pauseAt = Long.MAX_VALUE;
      }
    }
  }

  /**
   * A server with {@code connections} connections, each serving one request at a time in
   * {@code service} ns, that answers nothing between {@code stallFrom} and {@code stallUntil}
   * (ns after the clock's origin): a request waits for the first connection free.
   */
  private static final class FakeServer implements OpenLoop.Sender {
    private final VirtualClock clock;
    private final long[] freeAt;
    private final long service;
    private final long stallFrom;
    private final long stallUntil;

    FakeServer(VirtualClock clock, int connections, long service, long stallFrom, long stallUntil) {
      this.clock = clock;
      this.freeAt = new long[connections];
      this.service = service;
      this.stallFrom = stallFrom;
      this.stallUntil = stallUntil;
    }

    @Override
    public void send(String path, long intended, LatencyLog log) {
      int connection = 0;
      for (int i = 1; i < freeAt.length; i++) {
        if (freeAt[i] < freeAt[connection]) {
          connection = i;
        }
      }
      long sent = Math.max(clock.nanoTime(), freeAt[connection]);
      long elapsed = sent - clock.origin;
      long done = elapsed >= stallFrom && elapsed < stallUntil
          ? clock.origin + stallUntil + service : sent + service;
      freeAt[connection] = done;
      log.answered(intended, sent, done, 200);
    }
  }
}
