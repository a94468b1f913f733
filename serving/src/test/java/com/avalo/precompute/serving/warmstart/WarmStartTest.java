package com.avalo.precompute.serving.warmstart;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import com.avalo.precompute.schemas.CacheDocument;
import com.avalo.precompute.schemas.DocumentType;
import com.avalo.precompute.schemas.TokenBalance;
import com.avalo.precompute.serving.CacheClient;
import com.avalo.precompute.serving.CacheRead.Layer;
import com.avalo.precompute.serving.ForwardingStore;
import com.avalo.precompute.serving.store.CacheStore;
import com.avalo.precompute.serving.store.FileHotKeys;
import com.avalo.precompute.serving.store.HotKeys;
import com.avalo.precompute.serving.store.SqliteCacheStore;
import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Warm start: the hottest keys saved by one instance are preloaded by the next, within bounds. */
public class WarmStartTest {
  @Rule public final TemporaryFolder dir = new TemporaryFolder();

  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final Ticker ticker = nanos::get;
  private final List<AutoCloseable> closing = new ArrayList<>();
  private SqliteCacheStore store;
  private HotKeys hotKeys;

  @Before
  public void setUp() {
    Path db = dir.getRoot().toPath().resolve("cache.db");
    store = SqliteCacheStore.open(db);
    List<CacheDocument> documents = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      documents.add(tokens("u" + i));
    }
    store.write(documents);
    hotKeys = new FileHotKeys(dir.getRoot().toPath().resolve("hot-keys.txt"));
  }

  @After
  public void tearDown() throws Exception {
    for (AutoCloseable closeable : closing) {
      closeable.close();
    }
    store.close();
  }

  @Test
  public void theNextInstancePreloadsWhatThePreviousOneReadMost() throws Exception {
    CacheClient previous = client();
    for (int i = 0; i < 4; i++) {
      for (int reads = 0; reads <= 4 - i; reads++) {
        previous.get(key(i));
      }
    }
    previous.get("user:nobody:tokens");
    warmStart(previous, settings(Long.MAX_VALUE, 300)).save();
    List<String> saved = hotKeys.load();
    assertEquals("documents read, not remembered absences",
        List.of(key(0), key(1), key(2), key(3)).stream().sorted().toList(),
        saved.stream().sorted().toList());

    CacheClient next = client();
    WarmStart warm = warmStart(next, settings(Long.MAX_VALUE, 300)).schedule();
    awaitDone(warm);
    assertEquals(new WarmStart.Progress(4, 4, warm.progress().bytes(), warm.progress().millis(),
        true, null), warm.progress());
    assertTrue(warm.progress().bytes() > 0);
    for (int i = 0; i < 4; i++) {
      assertEquals(key(i), Layer.MEMORY, next.get(key(i)).layer());
    }
    assertEquals("never read before", Layer.STORE, next.get(key(5)).layer());
    assertEquals("the preload is not counted as reads: one store read, key 5", 1.0,
        next.meterRegistry().get("avalo.cache.reads").tag("layer", "store").functionCounters()
            .stream().mapToDouble(c -> c.count()).sum(), 0);
    assertEquals(4.0, next.meterRegistry().get("avalo.cache.preloaded").functionCounter().count(), 0);
  }

  @Test
  public void thePreloadStopsAtTheBudgetBetweenBatches() throws Exception {
    hotKeys.save(List.of(key(0), key(1), key(2), key(3), key(4)));
    CacheClient next = client();
    WarmStart warm = warmStart(next, settings(1, 2)).schedule();
    awaitDone(warm);
    assertEquals("one batch of two keys spent the one-byte budget", 2, warm.progress().requested());
    assertEquals(5, warm.progress().listed());
    assertEquals(Layer.MEMORY, next.get(key(1)).layer());
    assertEquals(Layer.STORE, next.get(key(2)).layer());
  }

  @Test
  public void readinessWaitsForThePreloadNoLongerThanItsBound() throws Exception {
    hotKeys.save(List.of(key(0)));
    CountDownLatch gate = new CountDownLatch(1);
    CacheStore gated = new GatedStore(SqliteCacheStore.open(dir.getRoot().toPath().resolve("cache.db")), gate);
    CacheClient next = track(CacheClient.builder(gated)
        .meterRegistry(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)).build());
    WarmStart warm = warmStart(next, settings(Long.MAX_VALUE, 300)).schedule();
    assertFalse(warm.isReady());
    try {
      warm.checkReady();
      fail("ready before the preload ended or the bound passed");
    } catch (IllegalStateException e) {
      assertTrue(e.getMessage(), e.getMessage().startsWith("warming up: 0 of 1 hot keys from file "));
      assertTrue(e.getMessage(), e.getMessage().endsWith("ready within 15000 ms at the latest"));
    }
    nanos.addAndGet(Duration.ofSeconds(15).toNanos() - 1);
    assertFalse(warm.isReady());
    nanos.addAndGet(1);
    assertTrue("the bound has passed", warm.isReady());
    warm.checkReady();
    gate.countDown();
    awaitDone(warm);
    assertEquals("the preload went on in the background", Layer.MEMORY, next.get(key(0)).layer());
  }

  @Test
  public void aKeyThisReleaseCannotParseIsSkippedNotTheWholePreload() throws Exception {
    // The list is shared across a rolling deploy: a key form another release writes must not
    // empty every new instance's warm start.
    hotKeys.save(List.of(key(0), "bogus:key", key(1), "user:"));
    CacheClient next = client();
    WarmStart warm = warmStart(next, settings(Long.MAX_VALUE, 300)).schedule();
    awaitDone(warm);
    assertNull(warm.progress().failure());
    assertEquals(2, warm.progress().listed());
    assertEquals(2, warm.progress().requested());
    assertEquals(Layer.MEMORY, next.get(key(0)).layer());
    assertEquals(Layer.MEMORY, next.get(key(1)).layer());
  }

  @Test
  public void anEmptyMemoryDoesNotOverwriteTheLastList() {
    hotKeys.save(List.of(key(3)));
    WarmStart warm = warmStart(client(), settings(Long.MAX_VALUE, 300));
    warm.close();
    assertEquals(List.of(key(3)), hotKeys.load());
  }

  /** Memory holding part of the preload is no list of what is read most: the last list stays. */
  @Test
  public void closingDuringThePreloadKeepsTheLastList() throws Exception {
    List<String> list = List.of(key(0), key(1), key(2), key(3), key(4));
    hotKeys.save(list);
    CountDownLatch gate = new CountDownLatch(1);
    CacheStore secondBatchWaits = new ForwardingStore(
        SqliteCacheStore.open(dir.getRoot().toPath().resolve("cache.db"))) {
      // A batch of one key is read with get(), not getAll(): both wait, else the gate held
      // nothing and the test passed only while the preload was slower than its polling.
      @Override
      public Optional<CacheDocument> get(String key) {
        awaitGateFor(List.of(key));
        return super.get(key);
      }

      @Override
      public Map<String, CacheDocument> getAll(Collection<String> keys) {
        awaitGateFor(keys);
        return super.getAll(keys);
      }

      private void awaitGateFor(Collection<String> keys) {
        if (keys.contains(key(1))) {
          try {
            gate.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
      }
    };
    CacheClient next = track(CacheClient.builder(secondBatchWaits)
        .meterRegistry(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)).build());
    WarmStart warm = warmStart(next, settings(Long.MAX_VALUE, 1)).schedule();
    for (int i = 0; i < 1000 && warm.progress().requested() < 1; i++) {
      Thread.sleep(10);
    }
    assertEquals("the first batch is in memory", 1, warm.progress().requested());
    warm.save();
    assertEquals("no periodic save while the preload runs", list, hotKeys.load());
    warm.close();
    gate.countDown();
    assertEquals(list, hotKeys.load());
  }

  /**
   * A save period of zero is refused when the settings are made: begin() used to throw it only
   * after the preload had started on its thread, leaving nothing able to stop that thread.
   */
  @Test
  public void settingsRefuseASavePeriodThatIsNotPositiveAndANegativeReadinessBound() {
    assertThrows(IllegalArgumentException.class, () -> new WarmStart.Settings(1 << 20,
        Duration.ofSeconds(5), 100, 10, Duration.ZERO));
    assertThrows(IllegalArgumentException.class, () -> new WarmStart.Settings(1 << 20,
        Duration.ofSeconds(-1), 100, 10, Duration.ofMinutes(1)));
  }

  /** A service that failed to start (its port taken) leaves the list for the next one. */
  @Test
  public void abandoningSavesNothing() {
    hotKeys.save(List.of(key(3)));
    CacheClient failed = client();
    failed.get(key(0));
    failed.get(key(0));
    warmStart(failed, settings(Long.MAX_VALUE, 300)).abandon();
    assertEquals(List.of(key(3)), hotKeys.load());
  }

  @Test
  public void aFailedListLeavesTheInstanceColdButReady() throws Exception {
    HotKeys broken = new HotKeys() {
      @Override
      public List<String> load() {
        throw new IllegalStateException("no such collection");
      }

      @Override
      public void save(List<String> keys) {
      }

      @Override
      public String describe() {
        return "a broken list";
      }
    };
    WarmStart warm = track(new WarmStart(client(), broken, settings(Long.MAX_VALUE, 300), ticker,
        worker())).schedule();
    assertTrue("known at once: nothing to wait for", warm.isReady());
    assertEquals("cannot read the hot keys: no such collection", warm.progress().failure());
  }

  /** A store whose reads wait until the test opens the gate. */
  private static final class GatedStore extends ForwardingStore {
    private final CountDownLatch gate;

    GatedStore(CacheStore store, CountDownLatch gate) {
      super(store);
      this.gate = gate;
    }

    @Override
    public Optional<CacheDocument> get(String key) {
      pass();
      return super.get(key);
    }

    @Override
    public Map<String, CacheDocument> getAll(Collection<String> keys) {
      pass();
      return super.getAll(keys);
    }

    private void pass() {
      try {
        gate.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private WarmStart warmStart(CacheClient client, WarmStart.Settings settings) {
    return track(new WarmStart(client, hotKeys, settings, ticker, worker()));
  }

  private ScheduledExecutorService worker() {
    ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor();
    closing.add(worker::shutdownNow);
    return worker;
  }

  private <T extends AutoCloseable> T track(T closeable) {
    closing.add(0, closeable);
    return closeable;
  }

  private CacheClient client() {
    return track(CacheClient.builder(SqliteCacheStore.open(dir.getRoot().toPath().resolve("cache.db")))
        .meterRegistry(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)).build());
  }

  private static WarmStart.Settings settings(long budgetBytes, int batchKeys) {
    return new WarmStart.Settings(budgetBytes, Duration.ofSeconds(15), 100, batchKeys,
        Duration.ofHours(1));
  }

  private static void awaitDone(WarmStart warm) throws InterruptedException {
    for (int i = 0; i < 1000 && !warm.progress().done(); i++) {
      Thread.sleep(10);
    }
    assertTrue("the preload ended", warm.progress().done());
  }

  private static String key(int i) {
    return "user:u" + i + ":tokens";
  }

  private static CacheDocument tokens(String uid) {
    Instant now = Instant.now();
    return CacheDocument.of(DocumentType.USER_TOKENS.key(uid), new TokenBalance(uid, 100, 10, 30, 60),
        new CacheDocument.Provenance("user-stats", "run-1", now, now), now.plusSeconds(3600));
  }
}
