package com.avalo.precompute.serving;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import com.avalo.precompute.schemas.CacheDocument;
import com.avalo.precompute.schemas.DocumentType;
import com.avalo.precompute.schemas.TokenBalance;
import com.avalo.precompute.serving.CacheRead.Layer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.Test;

/** The origin: on expired documents, when it fails, and as the bypass (rollback) path. */
public class OriginTest {
  private final FakeTime time = new FakeTime();
  private final MapStore store = new MapStore();

  @Test
  public void originPolicyWithoutALoaderIsRefusedAtBuild() {
    try {
      Clients.builder(store, time).expiredPolicy(DocumentType.USER_TOKENS, ExpiredPolicy.ORIGIN).build();
      fail("built without an origin loader");
    } catch (IllegalStateException e) {
      assertTrue(e.getMessage(), e.getMessage().contains("originLoader(USER_TOKENS"));
    }
  }

  @Test
  public void anOriginSlowerThanTheLoadTimeoutIsServedStaleNotAsAStoreFailure() throws Exception {
    CacheDocument expired = Docs.doc("user:u1:tokens", Docs.T0.minusSeconds(30));
    store.put(expired);
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService loaders = Executors.newFixedThreadPool(2);
    try (CacheClient client = Clients.builder(store, time)
        .executor(loaders)
        .loadTimeout(Duration.ofMillis(200))
        .expiredPolicy(DocumentType.USER_TOKENS, ExpiredPolicy.ORIGIN)
        .originLoader(DocumentType.USER_TOKENS, key -> {
          release.await();
          return Optional.empty();
        })
        .build()) {
      assertEquals(new CacheRead(expired, Layer.STORE, true), client.get("user:u1:tokens"));
      assertEquals("the store answered: the circuit stays closed", 0.0,
          client.meterRegistry().get("avalo.cache.store.circuit.open").gauge().value(), 0);
    } finally {
      release.countDown();
      loaders.shutdown();
    }
  }

  /**
   * A hung origin's call runs on after its read was served stale; a later load of the key (a
   * refresh, or here a read after an invalidation) serves it stale again rather than start a
   * second call beside it, as {@link OriginLoader} promises: else a hung origin took one loader
   * thread per load of each hot key until the pool, which the store's reads share, was full.
   */
  @Test
  public void aHungOriginIsNotCalledAgainForItsKeyWhileItsCallRuns() throws Exception {
    CacheDocument expired = Docs.doc("user:u1:tokens", Docs.T0.minusSeconds(30));
    store.put(expired);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger calls = new AtomicInteger();
    ExecutorService loaders = Executors.newFixedThreadPool(4);
    try (CacheClient client = Clients.builder(store, time)
        .executor(loaders)
        .loadTimeout(Duration.ofMillis(200))
        .expiredPolicy(DocumentType.USER_TOKENS, ExpiredPolicy.ORIGIN)
        .originLoader(DocumentType.USER_TOKENS, key -> {
          calls.incrementAndGet();
          release.await();
          return Optional.empty();
        })
        .build()) {
      for (int read = 0; read < 3; read++) {
        client.invalidate("user:u1:tokens");
        assertEquals(new CacheRead(expired, Layer.STORE, true), client.get("user:u1:tokens"));
      }
      assertEquals("one call at a time for the key", 1, calls.get());
    } finally {
      release.countDown();
      loaders.shutdown();
    }
  }

  /**
   * The bypass switched on while a load's call of a key's origin runs: a bypassed read of the key
   * joins that call instead of starting a second one beside it, and gets its answer.
   */
  @Test
  public void aBypassedReadJoinsTheOriginCallALoadOfItsKeyMade() throws Exception {
    store.put(Docs.doc("user:u1:tokens", Docs.T0.minusSeconds(30)));
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger calls = new AtomicInteger();
    ExecutorService requests = Executors.newFixedThreadPool(2);
    ExecutorService loaders = Executors.newFixedThreadPool(4);
    try (CacheClient client = Clients.builder(store, time)
        .executor(loaders)
        .loadTimeout(Duration.ofSeconds(10))
        .expiredPolicy(DocumentType.USER_TOKENS, ExpiredPolicy.ORIGIN)
        .originLoader(DocumentType.USER_TOKENS, key -> {
          calls.incrementAndGet();
          entered.countDown();
          release.await();
          return Optional.of(new TokenBalance("u1", 500, 0, 0, 500));
        })
        .build()) {
      Future<CacheRead> loaded = requests.submit(() -> client.get("user:u1:tokens"));
      assertTrue(entered.await(10, TimeUnit.SECONDS));
      client.setBypass(true);
      Future<CacheRead> bypassed = requests.submit(() -> client.get("user:u1:tokens"));
      Thread.sleep(100); // the bypassed read reaches the call in flight before it is answered
      release.countDown();
      assertEquals(500, bypassed.get(10, TimeUnit.SECONDS).document()
          .payloadAs(TokenBalance.class).balance());
      assertEquals(500, loaded.get(10, TimeUnit.SECONDS).document()
          .payloadAs(TokenBalance.class).balance());
      assertEquals("one call at a time for the key", 1, calls.get());
    } finally {
      release.countDown();
      requests.shutdownNow();
      loaders.shutdown();
    }
  }

  /**
   * The bypass switched off while its call of a key's origin runs: a load of the key's expired
   * document serves it stale rather than call the origin again beside the bypass's call.
   */
  @Test
  public void aLoadServesStaleWhileABypassedCallOfItsKeyRuns() throws Exception {
    CacheDocument expired = Docs.doc("user:u1:tokens", Docs.T0.minusSeconds(30));
    store.put(expired);
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger calls = new AtomicInteger();
    ExecutorService requests = Executors.newFixedThreadPool(1);
    ExecutorService loaders = Executors.newFixedThreadPool(4);
    try (CacheClient client = Clients.builder(store, time)
        .executor(loaders)
        .loadTimeout(Duration.ofSeconds(10))
        .expiredPolicy(DocumentType.USER_TOKENS, ExpiredPolicy.ORIGIN)
        .originLoader(DocumentType.USER_TOKENS, key -> {
          calls.incrementAndGet();
          entered.countDown();
          release.await();
          return Optional.of(new TokenBalance("u1", 500, 0, 0, 500));
        })
        .build()) {
      client.setBypass(true);
      Future<CacheRead> bypassed = requests.submit(() -> client.get("user:u1:tokens"));
      assertTrue(entered.await(10, TimeUnit.SECONDS));
      client.setBypass(false);
      assertEquals(new CacheRead(expired, Layer.STORE, true), client.get("user:u1:tokens"));
      assertEquals("one call at a time for the key", 1, calls.get());
      release.countDown();
      assertEquals(500, bypassed.get(10, TimeUnit.SECONDS).document()
          .payloadAs(TokenBalance.class).balance());
    } finally {
      release.countDown();
      requests.shutdownNow();
      loaders.shutdown();
    }
  }

  /**
   * Hung origin calls hold loader threads; a blocking store's reads (SQLite's) do not wait for
   * them: they ran on the same pool, so as many hung origins as loader threads made every store
   * read time out, which opened the circuit on a healthy store and failed every type's misses.
   */
  @Test
  public void hungOriginsLeaveABlockingStoresReadsThreadsToRunOn() throws Exception {
    int loaderThreads = 2;
    for (int i = 0; i < loaderThreads; i++) {
      store.put(Docs.doc("user:t" + i + ":tokens", Docs.T0.minusSeconds(30)));
    }
    CacheDocument fresh = Docs.doc("user:u9:tokens", Docs.T0.plusSeconds(3600));
    store.put(fresh);
    CountDownLatch release = new CountDownLatch(1);
    // The client's own pools, as the server's: Clients.builder runs loads on the calling thread.
    try (CacheClient client = CacheClient.builder(store)
        .ticker(time)
        .clock(time)
        .meterRegistry(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))
        .loaderThreads(loaderThreads)
        .loadTimeout(Duration.ofMillis(300))
        .expiredPolicy(DocumentType.USER_TOKENS, ExpiredPolicy.ORIGIN)
        .originLoader(DocumentType.USER_TOKENS, key -> {
          release.await();
          return Optional.empty();
        })
        .build()) {
      for (int i = 0; i < loaderThreads; i++) {
        assertTrue(client.get("user:t" + i + ":tokens").stale()); // its origin call runs on
      }
      for (int read = 0; read < 4; read++) {
        client.invalidate("user:u9:tokens");
        assertEquals(new CacheRead(fresh, Layer.STORE, false), client.get("user:u9:tokens"));
      }
      assertEquals("the store answered: the circuit stays closed", 0.0,
          client.meterRegistry().get("avalo.cache.store.circuit.open").gauge().value(), 0);
      client.checkStore("user:u9:tokens", Duration.ofSeconds(1));
    } finally {
      release.countDown();
    }
  }

  @Test
  public void failingOriginFallsBackToTheStaleDocument() {
    CacheDocument expired = Docs.doc("user:u1:tokens", Docs.T0.minusSeconds(30));
    store.put(expired);
    try (CacheClient client = Clients.builder(store, time)
        .expiredPolicy(DocumentType.USER_TOKENS, ExpiredPolicy.ORIGIN)
        .originLoader(DocumentType.USER_TOKENS, key -> {
          throw new IOException("ledger unreachable");
        })
        .build()) {
      assertEquals(new CacheRead(expired, Layer.STORE, true), client.get("user:u1:tokens"));
    }
  }

  /**
   * A non-blocking store (Firestore) delivers its answers on a thread of its own. An expired
   * document's origin call must not run there (it did, holding every other key's answer for as
   * long as the origin took), nor on the reader's thread, but on the loader pool.
   */
  @Test
  public void theOriginOfANonBlockingStoreRunsOnTheLoaderPoolNotTheStoresThread() throws Exception {
    store.put(Docs.doc("user:u1:tokens", Docs.T0.minusSeconds(1)));
    CacheDocument fresh = Docs.doc("user:u2", Docs.T0.plusSeconds(3600));
    store.put(fresh);
    ExecutorService delivery = Executors.newSingleThreadExecutor(r -> new Thread(r, "store-delivery"));
    ExecutorService loaders = Executors.newFixedThreadPool(2, r -> new Thread(r, "loader"));
    ExecutorService readers = Executors.newFixedThreadPool(2);
    ForwardingStore nonBlocking = new ForwardingStore(store) {
      @Override
      public boolean nonBlockingReads() {
        return true;
      }

      @Override
      public CompletableFuture<Optional<CacheDocument>> getAsync(String key, Executor executor) {
        return CompletableFuture.supplyAsync(() -> get(key), delivery);
      }
    };
    CountDownLatch originStarted = new CountDownLatch(1);
    CountDownLatch originMayAnswer = new CountDownLatch(1);
    AtomicReference<String> originThread = new AtomicReference<>();
    try (CacheClient client = CacheClient.builder(nonBlocking).ticker(time).clock(time)
        .executor(loaders).loadTimeout(Duration.ofSeconds(30))
        .expiredPolicy(DocumentType.USER_TOKENS, ExpiredPolicy.ORIGIN)
        .originLoader(DocumentType.USER_TOKENS, key -> {
          originThread.set(Thread.currentThread().getName());
          originStarted.countDown();
          originMayAnswer.await(10, TimeUnit.SECONDS);
          return Optional.of(Docs.payload(key));
        })
        .meterRegistry(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)).build()) {
      Future<CacheRead> expired = readers.submit(() -> client.get("user:u1:tokens"));
      assertTrue("the origin was called", originStarted.await(10, TimeUnit.SECONDS));
      assertEquals("the thread the origin runs on", "loader", originThread.get());
      assertEquals("read while the origin is still computing", new CacheRead(fresh, Layer.STORE, false),
          readers.submit(() -> client.get("user:u2")).get(10, TimeUnit.SECONDS));
      originMayAnswer.countDown();
      assertEquals(Layer.ORIGIN, expired.get(10, TimeUnit.SECONDS).layer());
    } finally {
      originMayAnswer.countDown();
      readers.shutdownNow();
      loaders.shutdownNow();
      delivery.shutdownNow();
    }
  }

  /**
   * A batch answers once its origin calls have: a document fresh when the store gave it, which
   * expired while another key's origin ran, is answered by its type's policy, not as fresh.
   */
  @Test
  public void aDocumentThatExpiresWhileItsBatchWaitsOnAnOriginIsNotAnsweredFresh() {
    store.put(Docs.doc("post:p1", Docs.T0.minusSeconds(1)));
    store.put(Docs.doc("user:u2:tokens", Docs.T0.plusSeconds(1)));
    CacheDocument stats = Docs.doc("user:u3:stats", Docs.T0.plusSeconds(1));
    store.put(stats);
    CacheDocument computed = Docs.doc("post:p1", Docs.T0.plusSeconds(60), "origin-run");
    try (CacheClient client = Clients.builder(store, time)
        .expiredPolicy(DocumentType.POST, ExpiredPolicy.ORIGIN)
        .expiredPolicy(DocumentType.USER_TOKENS, ExpiredPolicy.MISS)
        .originLoader(DocumentType.POST, key -> {
          time.advance(Duration.ofSeconds(2));
          return Optional.of(computed);
        })
        .build()) {
      Map<String, CacheRead> reads =
          client.getAll(List.of("post:p1", "user:u2:tokens", "user:u3:stats"));
      assertEquals(new CacheRead(computed, Layer.ORIGIN, false), reads.get("post:p1"));
      assertEquals("an expired token balance is missing, never served late",
          CacheRead.missing(Layer.STORE), reads.get("user:u2:tokens"));
      assertEquals("served stale, and said so", new CacheRead(stats, Layer.STORE, true),
          reads.get("user:u3:stats"));
    }
  }

  @Test
  public void originMayReturnAWholeDocumentOrNothing() {
    CacheDocument computed = Docs.doc("post:p1", Docs.T0.plusSeconds(60), "origin-run");
    store.put(Docs.doc("post:p1", Docs.T0.minusSeconds(1)));
    store.put(Docs.doc("post:p2", Docs.T0.minusSeconds(1)));
    try (CacheClient client = Clients.builder(store, time)
        .expiredPolicy(DocumentType.POST, ExpiredPolicy.ORIGIN)
        .originLoader(DocumentType.POST, key ->
            key.subject().equals("p1") ? Optional.of(computed) : Optional.empty())
        .build()) {
      assertEquals(new CacheRead(computed, Layer.ORIGIN, false), client.get("post:p1"));
      assertEquals(CacheRead.missing(Layer.ORIGIN), client.get("post:p2"));
    }
  }

  @Test
  public void bypassSendsEveryReadToTheOriginAndCanBeSwitchedBack() {
    store.put(Docs.doc("user:u1:tokens", Docs.T0.plusSeconds(3600)));
    store.put(Docs.doc("post:p1", Docs.T0.plusSeconds(3600)));
    AtomicInteger originCalls = new AtomicInteger();
    TokenBalance live = new TokenBalance("u1", 500, 0, 0, 500);
    try (CacheClient client = Clients.builder(store, time)
        .originLoader(DocumentType.USER_TOKENS, key -> {
          originCalls.incrementAndGet();
          return Optional.of(live);
        })
        .build()) {
      assertEquals(80, client.tokens("u1").orElseThrow().balance());

      client.setBypass(true);
      assertTrue(client.featureFlags().bypassCache());
      assertEquals(500, client.tokens("u1").orElseThrow().balance());
      assertEquals(Layer.ORIGIN, client.get("user:u1:tokens").layer());
      assertEquals("no origin for posts: missing, for the backend's own fallback",
          CacheRead.missing(Layer.NONE), client.get("post:p1"));
      Map<String, CacheRead> batch = client.getAll(List.of("user:u1:tokens", "post:p1"));
      assertEquals(Layer.ORIGIN, batch.get("user:u1:tokens").layer());
      assertEquals(3, originCalls.get());
      assertEquals("the store is not read while bypassed", 1, store.reads());

      // The bypass is the rollback path: what memory held from before it must not come back.
      store.put(Docs.doc("user:u1:tokens", Docs.T0.plusSeconds(3600), "fixed-run"));
      client.featureFlags().setBypassCache(false);
      CacheRead reloaded = client.get("user:u1:tokens");
      assertEquals(Layer.STORE, reloaded.layer());
      assertEquals("fixed-run", reloaded.document().runId());
      assertEquals(Layer.MEMORY, client.get("user:u1:tokens").layer());
    }
  }

  @Test
  public void bypassServesWhatTheOriginReturnsUnderTheTypesExpiryPolicy() {
    // serve's origin is a store read, so it returns expired documents as the store holds them.
    CacheDocument fresh = Docs.doc("user:u1:tokens", Docs.T0.plusSeconds(60));
    CacheDocument expiredLately = Docs.doc("user:u2:tokens", Docs.T0.minusSeconds(30));
    CacheDocument expiredLongAgo = Docs.doc("user:u3:tokens", Docs.T0.minus(Duration.ofHours(29)));
    CacheDocument postExpiredLately = Docs.doc("post:p1", Docs.T0.minusSeconds(30));
    for (CacheDocument document : List.of(fresh, expiredLately, expiredLongAgo, postExpiredLately)) {
      store.put(document);
    }
    OriginLoader storeRead = key -> store.get(key.value()).map(document -> (Object) document);
    try (CacheClient client = Clients.builder(store, time)
        .originLoader(DocumentType.USER_TOKENS, storeRead)
        .originLoader(DocumentType.POST, storeRead)
        .expiredPolicy(DocumentType.POST, ExpiredPolicy.MISS)
        .build()) {
      client.setBypass(true);
      assertEquals(new CacheRead(fresh, Layer.ORIGIN, false), client.get("user:u1:tokens"));
      assertEquals(new CacheRead(expiredLately, Layer.ORIGIN, true), client.get("user:u2:tokens"));
      assertEquals("past the maximum staleness", CacheRead.missing(Layer.ORIGIN), client.get("user:u3:tokens"));
      assertEquals("a type whose expired documents are missing", CacheRead.missing(Layer.ORIGIN),
          client.get("post:p1"));
      Map<String, CacheRead> batch = client.getAll(List.of("user:u2:tokens", "user:u3:tokens"));
      assertTrue(batch.get("user:u2:tokens").stale());
      assertNull(batch.get("user:u3:tokens").document());
    }
  }

  @Test
  public void theStoreAsOriginAnswersTheBypassAndCountsAsStoreReads() {
    CacheDocument fresh = Docs.doc("user:u1:tokens", Docs.T0.plusSeconds(60));
    store.put(fresh);
    AtomicInteger ownOriginCalls = new AtomicInteger();
    try (CacheClient client = Clients.builder(store, time)
        .originLoader(DocumentType.POST, key -> {
          ownOriginCalls.incrementAndGet();
          return Optional.empty();
        })
        .storeAsOrigin()
        .build()) {
      client.setBypass(true);
      assertEquals(new CacheRead(fresh, Layer.ORIGIN, false), client.get("user:u1:tokens"));
      assertEquals(new CacheRead(fresh, Layer.ORIGIN, false), client.get("user:u1:tokens"));
      assertEquals("a loader of the type's own is kept", CacheRead.missing(Layer.ORIGIN),
          client.get("post:p1"));
      assertEquals(1, ownOriginCalls.get());
      assertEquals("every bypassed read asks the store", 2, store.reads());
      assertEquals(2.0, client.meterRegistry().get("avalo.cache.store.keys.read")
          .tag("type", "user_tokens").functionCounter().count(), 0);
      assertEquals("the type's own origin is not the store", 0.0, client.meterRegistry()
          .get("avalo.cache.store.keys.read").tag("type", "post").functionCounter().count(), 0);
    }
  }

  /** One store call for a bypassed batch, as without the bypass: not one per key, in turn. */
  @Test
  public void aBypassedBatchReadsTheStoreAsOriginInOneCall() {
    List<String> keys = List.of("user:u1:tokens", "user:u2:tokens", "user:u3:tokens");
    keys.forEach(key -> store.put(Docs.doc(key, Docs.T0.plusSeconds(60))));
    try (CacheClient client = Clients.builder(store, time).storeAsOrigin().build()) {
      client.setBypass(true);
      List<String> asked = new java.util.ArrayList<>(keys);
      asked.add("user:u4:tokens");
      Map<String, CacheRead> batch = client.getAll(asked);
      keys.forEach(key -> assertEquals(key, Layer.ORIGIN, batch.get(key).layer()));
      assertEquals(CacheRead.missing(Layer.ORIGIN), batch.get("user:u4:tokens"));
      assertEquals("one call", 1, store.reads());
      assertEquals(List.of(4), store.getAllSizes);
    }
  }

  @Test
  public void aTypeKeptOutOfMemoryServesTheValueItsOriginComputedAsFresh() {
    store.put(Docs.doc("user:u1:tokens", Docs.T0.minusSeconds(30)));
    try (CacheClient client = Clients.builder(store, time)
        .memoryTtl(DocumentType.USER_TOKENS, Duration.ZERO)
        .expiredPolicy(DocumentType.USER_TOKENS, ExpiredPolicy.ORIGIN)
        .originLoader(DocumentType.USER_TOKENS, key -> Optional.of(new TokenBalance("u1", 500, 0, 0, 500)))
        .build()) {
      CacheRead computed = client.get("user:u1:tokens");
      assertEquals(Layer.ORIGIN, computed.layer());
      assertFalse("computed this instant", computed.stale());
      client.setBypass(true);
      assertFalse(client.get("user:u1:tokens").stale());
    }
  }

  @Test
  public void bypassReportsAFailingOrigin() {
    AtomicReference<Object> answer = new AtomicReference<>("not a token balance");
    try (CacheClient client = Clients.builder(store, time)
        .originLoader(DocumentType.USER_TOKENS, key -> Optional.ofNullable(answer.get()))
        .build()) {
      client.setBypass(true);
      try {
        client.get("user:u1:tokens");
        fail("served a value of the wrong type");
      } catch (OriginLoadException e) {
        assertTrue(e.getMessage(), e.getMessage().contains("TokenBalance"));
      }
      answer.set(null);
      assertNull(client.get("user:u1:tokens").document());
      assertFalse(client.tokens("u1").isPresent());
    }
  }
  @Test
  public void bypassWaitsForAHungOriginNoLongerThanTheLoadTimeoutAndOnALoaderThread()
      throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicReference<String> calledOn = new AtomicReference<>();
    ExecutorService requests = Executors.newSingleThreadExecutor();
    ExecutorService loaders = Executors.newFixedThreadPool(1, task -> new Thread(task, "loader"));
    try (CacheClient client = Clients.builder(store, time)
        .executor(loaders)
        .loadTimeout(Duration.ofMillis(200))
        .originLoader(DocumentType.USER_TOKENS, key -> {
          calledOn.set(Thread.currentThread().getName());
          release.await();
          return Optional.empty();
        })
        .build()) {
      client.setBypass(true);
      Future<CacheRead> read = requests.submit(() -> client.get("user:u1:tokens"));
      try {
        read.get(10, TimeUnit.SECONDS);
        fail("served while the origin hung");
      } catch (java.util.concurrent.ExecutionException e) {
        assertTrue(String.valueOf(e.getCause()), e.getCause() instanceof OriginLoadException);
        assertTrue(e.getCause().getMessage(),
            e.getCause().getMessage().contains("no answer within the PT0.2S load timeout"));
      }
      assertEquals("loader", calledOn.get());
    } finally {
      release.countDown();
      requests.shutdownNow();
      loaders.shutdown();
    }
  }

  @Test
  public void bypassedReadsOfOneKeyShareOneOriginCall() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger originCalls = new AtomicInteger();
    ExecutorService requests = Executors.newFixedThreadPool(2);
    ExecutorService loaders = Executors.newFixedThreadPool(2);
    try (CacheClient client = Clients.builder(store, time)
        .executor(loaders)
        .loadTimeout(Duration.ofSeconds(10))
        .originLoader(DocumentType.USER_TOKENS, key -> {
          originCalls.incrementAndGet();
          entered.countDown();
          release.await();
          return Optional.of(new TokenBalance("u1", 500, 0, 0, 500));
        })
        .build()) {
      client.setBypass(true);
      Future<CacheRead> first = requests.submit(() -> client.get("user:u1:tokens"));
      assertTrue(entered.await(10, TimeUnit.SECONDS));
      Future<CacheRead> second = requests.submit(() -> client.get("user:u1:tokens"));
      Thread.sleep(100); // the second read joins the call in flight rather than starting its own
      release.countDown();
      assertEquals(500, first.get(10, TimeUnit.SECONDS).document().payloadAs(TokenBalance.class)
          .balance());
      assertEquals(500, second.get(10, TimeUnit.SECONDS).document().payloadAs(TokenBalance.class)
          .balance());
      assertEquals(1, originCalls.get());
      client.get("user:u1:tokens");
      assertEquals("a call that has ended is not reused", 2, originCalls.get());
    } finally {
      release.countDown();
      requests.shutdownNow();
      loaders.shutdown();
    }
  }

  @Test
  public void aBypassedBatchCallsItsOriginsTogetherNotOneAfterTheOther() {
    CountDownLatch allStarted = new CountDownLatch(3);
    ExecutorService loaders = Executors.newFixedThreadPool(3);
    try (CacheClient client = Clients.builder(store, time)
        .executor(loaders)
        .loadTimeout(Duration.ofSeconds(10))
        .originLoader(DocumentType.USER_TOKENS, key -> {
          allStarted.countDown();
          if (!allStarted.await(5, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the batch's origin calls ran one after the other");
          }
          return Optional.of(new TokenBalance(key.value().split(":")[1], 500, 0, 0, 500));
        })
        .build()) {
      client.setBypass(true);
      Map<String, CacheRead> batch =
          client.getAll(List.of("user:u1:tokens", "user:u2:tokens", "user:u3:tokens"));
      assertEquals(3, batch.size());
      batch.values().forEach(read -> assertEquals(Layer.ORIGIN, read.layer()));
    } finally {
      loaders.shutdown();
    }
  }
  @Test
  public void aBypassedReadAfterAnAnswerGetsANewOneNotTheAnswerFromBeforeItAsked() {
    AtomicInteger computed = new AtomicInteger();
    ExecutorService loaders = Executors.newFixedThreadPool(2);
    try (CacheClient client = Clients.builder(store, time)
        .executor(loaders)
        .loadTimeout(Duration.ofSeconds(10))
        .originLoader(DocumentType.USER_TOKENS,
            key -> {
              long balance = computed.incrementAndGet();
              return Optional.of(new TokenBalance("u1", balance, 0, 0, balance));
            })
        .build()) {
      client.setBypass(true);
      // Before, a call was answered and only then forgotten: a read in between joined it, about a
      // fifth of the time (a balance read after a purchase showed the balance from before).
      for (int round = 0; round < 2_000; round++) {
        long first = client.tokens("u1").orElseThrow().balance();
        long second = client.tokens("u1").orElseThrow().balance();
        assertTrue("round " + round + ": " + first + " then " + second, second > first);
      }
    } finally {
      loaders.shutdown();
    }
  }

  @Test
  public void aBypassCallNoLoaderThreadTookUpInTimeIsWithdrawnNotRunForNobody() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Map<String, AtomicInteger> calls = new java.util.concurrent.ConcurrentHashMap<>();
    ExecutorService oneLoader = Executors.newSingleThreadExecutor();
    try (CacheClient client = Clients.builder(store, time)
        .executor(oneLoader)
        .loadTimeout(Duration.ofMillis(200))
        .originLoader(DocumentType.USER_TOKENS, key -> {
          calls.computeIfAbsent(key.value(), k -> new AtomicInteger()).incrementAndGet();
          if (key.value().equals("user:hung:tokens")) {
            release.await();
          }
          return Optional.of(new TokenBalance(key.value().split(":")[1], 7, 0, 0, 7));
        })
        .build()) {
      client.setBypass(true);
      try {
        client.get("user:hung:tokens");
        fail("served while the origin hung");
      } catch (OriginLoadException e) {
        assertTrue(e.getMessage(), e.getMessage().contains("no answer within"));
      }
      try {
        client.get("user:u2:tokens"); // queued behind the hung call on the only loader thread
        fail("served without a loader thread");
      } catch (OriginLoadException e) {
        assertTrue(e.getMessage(), e.getMessage().contains("no loader thread was free"));
      }
      release.countDown();
      oneLoader.submit(() -> { }).get(10, TimeUnit.SECONDS); // the queue has drained
      assertEquals("the withdrawn call never ran", null, calls.get("user:u2:tokens"));
      assertEquals(7, client.tokens("u2").orElseThrow().balance());
      assertEquals(1, calls.get("user:u2:tokens").get());
    } finally {
      release.countDown();
      oneLoader.shutdown();
    }
  }
}
