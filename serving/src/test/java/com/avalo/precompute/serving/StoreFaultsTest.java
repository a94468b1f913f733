package com.avalo.precompute.serving;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import com.avalo.precompute.schemas.CacheDocument;
import com.avalo.precompute.serving.CacheRead.Layer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.Test;

/**
 * Faults the client must absorb without making its callers wait: a store that hangs (reads past
 * the waiting limit are shed, hits still answer), a store known to be down (the readiness check
 * fails at once, and closes the circuit when the store is back), and where a non-blocking store's
 * answers are handled (on the thread that delivers them, not the loader pool).
 */
public class StoreFaultsTest {
  private final FakeTime time = new FakeTime();
  private final MapStore store = new MapStore();
  private final CacheDocument profile = Docs.doc("user:u1", Docs.T0.plus(Duration.ofDays(1)));

  @Test
  public void missesPastTheWaitingLimitAreShedAtOnceWhileHitsStillAnswer() throws Exception {
    store.put(profile);
    ExecutorService loaders = Executors.newFixedThreadPool(2);
    ExecutorService readers = Executors.newFixedThreadPool(2);
    try (CacheClient client = Clients.builder(store, time).executor(loaders)
        .maxWaitingReads(2).build()) {
      client.get("user:u1");
      store.hold();
      List<Future<CacheRead>> held = List.of(readers.submit(() -> client.get("user:u2")),
          readers.submit(() -> client.get("user:u3")));
      awaitGauge(client, "avalo.cache.store.waiting", 2);

      try {
        client.get("user:u4");
        fail("a third miss queued behind a hanging store");
      } catch (StoreDownException e) {
        assertTrue(e.getMessage(), e.getMessage().contains("2 callers are already waiting on reads of map:test"));
      }
      assertEquals("hits do not wait", Layer.MEMORY, client.get("user:u1").layer());
      assertEquals(1.0, client.meterRegistry().get("avalo.cache.load.shed")
          .tag("type", "profile").functionCounter().count(), 0);
      try {
        client.getAll(List.of("user:u5", "user:u6", "post:p1"));
        fail("a batch of misses queued behind a hanging store");
      } catch (StoreDownException expected) {
        // shed whole
      }
      assertEquals("a shed batch counts each of its keys, under its type", 3.0,
          client.meterRegistry().get("avalo.cache.load.shed").tag("type", "profile")
              .functionCounter().count(), 0);
      assertEquals(1.0, client.meterRegistry().get("avalo.cache.load.shed")
          .tag("type", "post").functionCounter().count(), 0);

      store.open();
      for (Future<CacheRead> read : held) {
        assertEquals(Layer.STORE, read.get(10, TimeUnit.SECONDS).layer());
      }
      assertEquals(0.0, gauge(client, "avalo.cache.store.waiting"), 0);
    } finally {
      store.open();
      readers.shutdownNow();
      loaders.shutdownNow();
    }
  }

  @Test
  public void readinessFailsAtOnceWhileTheCircuitIsOpenAndItsProbeClosesIt() {
    try (CacheClient client = Clients.builder(store, time)
        .circuit(2, Duration.ofSeconds(1), Duration.ofSeconds(1)).build()) {
      store.setDown(true);
      for (String key : List.of("user:a", "user:b")) {
        try {
          client.get(key);
          fail("read " + key + " from a dead store");
        } catch (StoreDownException expected) {
          // two failures open the circuit
        }
      }
      int reads = store.reads();
      try {
        client.checkStore("count:users:all", Duration.ofSeconds(1));
        fail("ready while the circuit is open");
      } catch (StoreDownException e) {
        assertTrue(e.getMessage(), e.getMessage().contains("is down (2 consecutive failures"));
      }
      assertEquals("known down: the check did not ask the store", reads, store.reads());

      store.setDown(false);
      time.advance(Duration.ofSeconds(1));
      client.checkStore("count:users:all", Duration.ofSeconds(1));
      assertEquals("after the backoff the check probes the store", reads + 1, store.reads());
      assertEquals("and its answer closed the circuit", 0.0,
          gauge(client, "avalo.cache.store.circuit.open"), 0);
      assertEquals(Layer.STORE, client.get("user:a").layer());
    }
  }

  @Test
  public void aNonBlockingStoresAnswersAreHandledOnTheThreadThatDeliversThem() throws Exception {
    store.put(profile);
    ExecutorService grpc = Executors.newSingleThreadExecutor(r -> new Thread(r, "fake-grpc"));
    ExecutorService loaders = Executors.newSingleThreadExecutor(r -> new Thread(r, "loader"));
    Set<String> entryThreads = ConcurrentHashMap.newKeySet();
    RecordingClock clock = new RecordingClock(time, entryThreads);
    try (CacheClient client = CacheClient.builder(new NonBlockingStore(store, grpc))
        .ticker(time).clock(clock).executor(loaders)
        .meterRegistry(new io.micrometer.prometheusmetrics.PrometheusMeterRegistry(
            io.micrometer.prometheusmetrics.PrometheusConfig.DEFAULT)).build()) {
      entryThreads.clear();
      assertEquals(Layer.STORE, client.get("user:u1").layer());
      assertEquals("the entry was made where the answer arrived", Set.of("fake-grpc"),
          entryThreads);
    } finally {
      grpc.shutdownNow();
      loaders.shutdownNow();
    }
  }

  private static void awaitGauge(CacheClient client, String name, double value)
      throws InterruptedException {
    for (int i = 0; i < 1000 && gauge(client, name) != value; i++) {
      Thread.sleep(10);
    }
    assertEquals(name, value, gauge(client, name), 0);
  }

  private static double gauge(CacheClient client, String name) {
    return client.meterRegistry().get(name).gauge().value();
  }

  /** {@link MapStore} behind an asynchronous client: answers complete on {@code delivery}. */
  private static final class NonBlockingStore extends ForwardingStore {
    private final ExecutorService delivery;

    NonBlockingStore(MapStore store, ExecutorService delivery) {
      super(store);
      this.delivery = delivery;
    }

    @Override
    public boolean nonBlockingReads() {
      return true;
    }

    @Override
    public CompletableFuture<Optional<CacheDocument>> getAsync(String key,
        java.util.concurrent.Executor executor) {
      CompletableFuture<Optional<CacheDocument>> answer = new CompletableFuture<>();
      Thread caller = Thread.currentThread();
      delivery.execute(() -> {
        Optional<CacheDocument> document = get(key);
        // A real answer comes back over the network, after the caller has chained its handling
        // onto the future; answering before that would run the handling on the caller's thread.
        awaitChained(answer, caller);
        executor.execute(() -> answer.complete(document));
      });
      return answer;
    }
  }

  /**
   * Waits until {@code answer} has dependents and {@code caller} has parked (waiting for the
   * result, or back in its pool): a dependent alone may be the circuit's own, chained before the
   * client chains its handling onto the circuit's future.
   */
  private static void awaitChained(CompletableFuture<?> answer, Thread caller) {
    for (int i = 0; i < 500 && (answer.getNumberOfDependents() == 0 || !parked(caller)); i++) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static boolean parked(Thread thread) {
    Thread.State state = thread.getState();
    return state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING;
  }

  /** The wall clock of {@link FakeTime}, noting which threads read it (entries are made then). */
  private static final class RecordingClock extends java.time.Clock {
    private final FakeTime time;
    private final Set<String> threads;

    RecordingClock(FakeTime time, Set<String> threads) {
      this.time = time;
      this.threads = threads;
    }

    @Override
    public Instant instant() {
      threads.add(Thread.currentThread().getName());
      return time.instant();
    }

    @Override
    public java.time.ZoneId getZone() {
      return time.getZone();
    }

    @Override
    public java.time.Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
