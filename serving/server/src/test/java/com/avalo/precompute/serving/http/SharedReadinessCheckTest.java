package com.avalo.precompute.serving.http;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.After;
import org.junit.Test;

/** One check for the probes that ask together, its answer reused for a second, on a test clock. */
public class SharedReadinessCheckTest {
  private final AtomicLong nanos = new AtomicLong();
  private final AtomicInteger checks = new AtomicInteger();
  private volatile Exception failure;
  private final ExecutorService callers = Executors.newFixedThreadPool(8);

  @After
  public void stop() {
    callers.shutdownNow();
  }

  private SharedReadinessCheck shared(CountDownLatch release) {
    return new SharedReadinessCheck(() -> {
      checks.incrementAndGet();
      release.await();
      if (failure != null) {
        throw failure;
      }
    }, Duration.ofSeconds(1), nanos::get);
  }

  private void advance(Duration by) {
    nanos.addAndGet(by.toNanos());
  }

  @Test
  public void probesAskingWhileOneRunsShareItsAnswer() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    SharedReadinessCheck readiness = shared(release);
    List<Future<?>> probes = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      probes.add(callers.submit(() -> {
        readiness.check();
        return null;
      }));
    }
    // Every caller is in by now (they are all waiting, or one is in the check).
    while (checks.get() == 0) {
      Thread.sleep(5);
    }
    Thread.sleep(100);
    release.countDown();
    for (Future<?> probe : probes) {
      probe.get(5, TimeUnit.SECONDS);
    }
    assertEquals(1, checks.get());
  }

  @Test
  public void anAnswerIsReusedForASecondThenAskedAgain() throws Exception {
    SharedReadinessCheck readiness = shared(new CountDownLatch(0));
    readiness.check();
    advance(Duration.ofMillis(999));
    readiness.check();
    assertEquals(1, checks.get());
    advance(Duration.ofMillis(1));
    readiness.check();
    assertEquals(2, checks.get());
  }

  @Test
  public void aFailureIsTheAnswerForASecondThenReadinessRecovers() throws Exception {
    SharedReadinessCheck readiness = shared(new CountDownLatch(0));
    failure = new IllegalStateException("store down");
    assertEquals("store down", assertThrows(IllegalStateException.class, readiness::check)
        .getMessage());
    failure = null;
    advance(Duration.ofMillis(500));
    assertEquals("still the answer", "store down",
        assertThrows(IllegalStateException.class, readiness::check).getMessage());
    assertEquals(1, checks.get());
    advance(Duration.ofMillis(500));
    readiness.check();
    assertEquals(2, checks.get());
  }

  @Test
  public void whileACheckRunsProbesGetTheAnswerBeforeItAtOnce() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger calls = new AtomicInteger();
    SharedReadinessCheck readiness = new SharedReadinessCheck(() -> {
      if (calls.incrementAndGet() > 1) {
        release.await(); // the store is slow from the second check on
        throw new IllegalStateException("store down");
      }
    }, Duration.ofSeconds(1), nanos::get);
    readiness.check();
    advance(Duration.ofSeconds(1));
    Future<?> slow = callers.submit(() -> {
      readiness.check();
      return null;
    });
    while (calls.get() < 2) {
      Thread.sleep(5);
    }
    // Answered without waiting for the check that runs (held until release): the earlier answer.
    callers.submit(() -> {
      readiness.check();
      return null;
    }).get(5, TimeUnit.SECONDS);
    release.countDown();
    assertEquals("store down", assertThrows(java.util.concurrent.ExecutionException.class,
        () -> slow.get(5, TimeUnit.SECONDS)).getCause().getMessage());
    assertEquals("store down", assertThrows(IllegalStateException.class, readiness::check)
        .getMessage());
    assertEquals(2, calls.get());
  }

  @Test
  public void anErrorInTheCheckDoesNotLeaveLaterProbesWaiting() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    SharedReadinessCheck readiness = new SharedReadinessCheck(() -> {
      if (calls.incrementAndGet() == 1) {
        throw new AssertionError("broken check");
      }
    }, Duration.ofSeconds(1), nanos::get);
    assertThrows(AssertionError.class, readiness::check);
    advance(Duration.ofSeconds(1));
    callers.submit(() -> {
      readiness.check();
      return null;
    }).get(5, TimeUnit.SECONDS);
    assertEquals(2, calls.get());
  }
}
