package com.avalo.precompute.serving;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.avalo.precompute.serving.StoreCircuit.Admission;
import com.avalo.precompute.serving.store.StoreUnavailableException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.junit.Test;

/** The circuit in front of the store, on its own. */
public class StoreCircuitTest {
  private final FakeTime time = new FakeTime();
  private final StoreCircuit circuit = new StoreCircuit(time, 2,
      Duration.ofSeconds(1).toNanos(), Duration.ofSeconds(3).toNanos());

  @Test
  public void opensAfterConsecutiveFailuresAndLetsOneProbeThrough() {
    circuit.recordFailure(new RuntimeException("one"));
    assertEquals(Admission.PASS, circuit.admit(time.read()));
    circuit.recordFailure(new RuntimeException("two"));
    assertEquals(Admission.REJECT, circuit.admit(time.read()));

    time.advance(Duration.ofSeconds(1));
    assertEquals("one caller probes", Admission.PROBE, circuit.admit(time.read()));
    assertEquals("its peers do not", Admission.REJECT, circuit.admit(time.read()));
  }

  @Test
  public void backoffDoublesUpToTheMaximumAndASuccessCloses() throws Exception {
    circuit.recordFailure(new RuntimeException());
    circuit.recordFailure(new RuntimeException());
    assertEquals(Duration.ofSeconds(1).toNanos(), circuit.nanosUntilProbe(time.read()));
    circuit.recordFailure(new RuntimeException());
    assertEquals(Duration.ofSeconds(2).toNanos(), circuit.nanosUntilProbe(time.read()));
    circuit.recordFailure(new RuntimeException());
    circuit.recordFailure(new RuntimeException());
    assertEquals(Duration.ofSeconds(3).toNanos(), circuit.nanosUntilProbe(time.read()));

    assertEquals("ok", call(() -> CompletableFuture.completedFuture("ok")).join());
    assertEquals(Admission.PASS, circuit.admit(time.read()));
    assertEquals(0, circuit.consecutiveFailures());
    assertTrue(circuit.lastFailure("store").getMessage().startsWith("store failed"));
  }

  @Test
  public void asyncCallsCountWhenTheyCompleteAndThrowingBeforeCountsAsAFailure() {
    CompletableFuture<String> pending = new CompletableFuture<>();
    CompletableFuture<String> counted = call(() -> pending);
    assertEquals("nothing counted while in flight", 0, circuit.consecutiveFailures());
    pending.completeExceptionally(new CompletionException(new IllegalStateException("down")));
    assertTrue(counted.isCompletedExceptionally());
    assertEquals(1, circuit.consecutiveFailures());
    assertTrue("the cause, not its wrapper", circuit.lastFailure("store").getMessage()
        .contains("IllegalStateException: down"));

    CompletableFuture<String> thrown = call(() -> {
      throw new IllegalArgumentException("refused at once");
    });
    assertTrue(thrown.isCompletedExceptionally());
    assertEquals("two failures open it", Admission.REJECT, circuit.admit(time.read()));

    time.advance(Duration.ofSeconds(1));
    assertEquals("ok", call(() -> CompletableFuture.completedFuture("ok")).join());
    assertEquals("a success closes it", 0, circuit.consecutiveFailures());
    assertEquals(Admission.PASS, circuit.admit(time.read()));
  }

  @Test
  public void aCallPastItsTimeoutCountsAsOneFailureAndItsLateAnswerNotAtAll() {
    CompletableFuture<String> late = new CompletableFuture<>();
    CompletableFuture<String> call = circuit.call(() -> late, Duration.ofMillis(20).toNanos(),
        timeout -> new StoreUnavailableException("store did not answer within PT0.02S", timeout));
    CompletionException timedOut = assertThrows(CompletionException.class, call::join);
    assertTrue(timedOut.getCause().getMessage(), timedOut.getCause().getMessage()
        .contains("did not answer within PT0.02S"));
    assertEquals(1, circuit.consecutiveFailures());

    late.complete("late");
    assertEquals("the late answer is no success", 1, circuit.consecutiveFailures());
  }

  @Test
  public void aStoreThatCannotBeReachedOpensTheCircuitOnItsFirstFailure() {
    assertTrue(StoreCircuit.opensAtOnce(unreachable()));
    assertTrue("wrapped as a failed future wraps it",
        StoreCircuit.opensAtOnce(new CompletionException(unreachable())));

    circuit.recordFailure(unreachable());
    assertEquals(Admission.REJECT, circuit.admit(time.read()));
    assertTrue(circuit.knownDown());
    assertEquals("the first backoff", Duration.ofSeconds(1).toNanos(), circuit.nanosUntilProbe(time.read()));

    time.advance(Duration.ofSeconds(1));
    assertEquals(Admission.PROBE, circuit.admit(time.read()));
    circuit.recordFailure(unreachable());
    assertEquals("a failed probe doubles the backoff", Duration.ofSeconds(2).toNanos(),
        circuit.nanosUntilProbe(time.read()));
  }

  @Test
  public void aSlowAnswerOrAFailedReadStillNeedsTheThreshold() {
    StoreUnavailableException slow = new StoreUnavailableException("store did not answer within PT3S",
        new TimeoutException());
    assertFalse(StoreCircuit.opensAtOnce(slow));
    assertFalse(StoreCircuit.opensAtOnce(new IllegalStateException("bad document")));
    assertFalse(StoreCircuit.opensAtOnce(new StoreUnavailableException("get failed: INTERNAL")));

    circuit.recordFailure(slow);
    assertEquals("one slow answer is not an outage", Admission.PASS, circuit.admit(time.read()));
    circuit.recordFailure(new StoreUnavailableException("get failed: INTERNAL"));
    assertEquals(Admission.REJECT, circuit.admit(time.read()));
  }

  @Test
  public void anUnreachableStoreAfterOtherFailuresOpensAtOnceToo() {
    circuit.recordFailure(new RuntimeException("one"));
    call(() -> CompletableFuture.failedFuture(unreachable()));
    assertEquals(Admission.REJECT, circuit.admit(time.read()));
    assertTrue(circuit.lastFailure("store").unreachable());
  }

  /** A call whose timeout no test reaches. */
  private <T> CompletableFuture<T> call(Supplier<CompletableFuture<T>> storeCall) {
    return circuit.call(storeCall, Duration.ofMinutes(1).toNanos(),
        timeout -> new StoreUnavailableException("store did not answer within PT1M", timeout));
  }

  private static StoreUnavailableException unreachable() {
    return new StoreUnavailableException("store: get failed: UNAVAILABLE: io exception", null, true);
  }
}
