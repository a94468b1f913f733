package com.avalo.precompute.serving;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.avalo.precompute.schemas.CacheDocument;
import com.avalo.precompute.schemas.Json;
import com.avalo.precompute.serving.CacheRead.Layer;
import com.avalo.precompute.serving.store.CacheStore;
import com.avalo.precompute.serving.store.SqliteCacheStore;
import com.avalo.precompute.serving.store.UnreadableDocumentException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * A stored row that is not a cache document fails the reads of its key, and only those: the store
 * answered, so its circuit stays closed for every other key.
 */
public class UnreadableDocumentTest {
  @Rule public final TemporaryFolder dir = new TemporaryFolder();
  private final FakeTime time = new FakeTime();

  @Test
  public void aBrokenDocumentFailsItsKeyWithoutOpeningTheCircuit() throws Exception {
    Path file = dir.newFolder().toPath().resolve("cache.db");
    try (SqliteCacheStore store = SqliteCacheStore.open(file)) {
      store.write(List.of(Docs.doc("user:ok", Docs.T0.plus(Duration.ofDays(1)))));
      storeNotJson(file, "user:broken", "profile");
      try (Connection sql = DriverManager.getConnection("jdbc:sqlite:" + file);
          Statement insert = sql.createStatement()) {
        // A whole document, copied under another key.
        insert.execute("INSERT INTO cache_documents SELECT 'user:copied', type, expires_at_ms,"
            + " content_hash, document FROM cache_documents WHERE key = 'user:ok'");
      }
      try (CacheClient client = CacheClient.builder(store).ticker(time).clock(time)
          .executor(Runnable::run).circuit(2, Duration.ofSeconds(30), Duration.ofSeconds(30))
          .meterRegistry(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)).build()) {
        for (int read = 0; read < 5; read++) {
          UnreadableDocumentException broken =
              assertThrows(UnreadableDocumentException.class, () -> client.get("user:broken"));
          assertEquals("user:broken", broken.key());
          assertTrue(broken.getMessage(), broken.getMessage().contains("not a cache document"));
        }
        assertEquals("five reads of a broken document are no outage", Layer.STORE,
            client.get("user:ok").layer());
        UnreadableDocumentException copied =
            assertThrows(UnreadableDocumentException.class, () -> client.get("user:copied"));
        assertTrue(copied.getMessage(), copied.getMessage().contains("holds the document of 'user:ok'"));
        assertThrows(UnreadableDocumentException.class,
            () -> client.getAll(List.of("user:ok", "user:broken")));
      }
    }
  }

  /**
   * Caffeine shares a batch's load with concurrent reads of its keys: a broken document in the
   * batch failed them all, a read of a sound key with the broken key's error.
   */
  @Test
  public void aBrokenDocumentInABatchFailsOnlyItsOwnKeyForConcurrentReads() throws Exception {
    Path file = dir.newFolder().toPath().resolve("cache.db");
    CountDownLatch batchReading = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    try (SqliteCacheStore sqlite = SqliteCacheStore.open(file)) {
      sqlite.write(List.of(Docs.doc("user:ok", Docs.T0.plus(Duration.ofDays(1)))));
      storeNotJson(file, "user:broken", "profile");
      CacheStore gated = new ForwardingStore(sqlite) {
        @Override
        public Map<String, CacheDocument> getAll(Collection<String> keys) {
          if (keys.size() > 1 && batchReading.getCount() > 0) {
            batchReading.countDown();
            awaitQuietly(release);
          }
          return super.getAll(keys);
        }
      };
      try (CacheClient client = CacheClient.builder(gated).ticker(time).clock(time)
          .meterRegistry(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)).build()) {
        CompletableFuture<Map<String, CacheRead>> batch =
            CompletableFuture.supplyAsync(() -> client.getAll(List.of("user:broken", "user:ok")));
        assertTrue(batchReading.await(10, TimeUnit.SECONDS));
        CompletableFuture<CacheRead> sound = new CompletableFuture<>();
        CompletableFuture<CacheRead> broken = new CompletableFuture<>();
        Thread soundRead = reading(client, "user:ok", sound);
        Thread brokenRead = reading(client, "user:broken", broken);
        // Both wait on the batch's shared load before it is let go.
        for (Thread read : List.of(soundRead, brokenRead)) {
          while (read.getState() != Thread.State.WAITING
              && read.getState() != Thread.State.TIMED_WAITING) {
            Thread.sleep(5);
          }
        }
        release.countDown();

        assertEquals(Layer.STORE, sound.get(10, TimeUnit.SECONDS).layer());
        ExecutionException brokenFailure =
            assertThrows(ExecutionException.class, () -> broken.get(10, TimeUnit.SECONDS));
        assertEquals("user:broken",
            ((UnreadableDocumentException) brokenFailure.getCause()).key());
        ExecutionException batchFailure =
            assertThrows(ExecutionException.class, () -> batch.get(10, TimeUnit.SECONDS));
        assertEquals("a batch holding the broken key fails whole, with its error", "user:broken",
            ((UnreadableDocumentException) batchFailure.getCause()).key());
        assertEquals("the sound key was kept in memory", Layer.MEMORY,
            client.get("user:ok").layer());
      }
    }
  }

  /**
   * The other way round: a batch that joins a single read's load of a key whose document has
   * become unreadable fails that key alone, which its last value answers. Every key of the batch
   * failed with that key's error, and the batch threw where, run alone, it was answered.
   */
  @Test
  public void aBatchJoiningALoadOfABrokenDocumentFailsOnlyThatKey() throws Exception {
    Path file = dir.newFolder().toPath().resolve("cache.db");
    CountDownLatch singleReading = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    java.util.concurrent.atomic.AtomicBoolean gateArmed = new java.util.concurrent.atomic.AtomicBoolean();
    try (SqliteCacheStore sqlite = SqliteCacheStore.open(file)) {
      for (String key : List.of("user:k", "user:a", "user:b")) {
        sqlite.write(List.of(Docs.doc(key, Docs.T0.plus(Duration.ofDays(1)))));
      }
      CacheStore gated = new ForwardingStore(sqlite) {
        @Override
        public Optional<CacheDocument> get(String key) {
          if (key.equals("user:k") && gateArmed.get() && singleReading.getCount() > 0) {
            singleReading.countDown();
            awaitQuietly(release);
          }
          return super.get(key);
        }
      };
      try (CacheClient client = CacheClient.builder(gated).ticker(time).clock(time)
          .meterRegistry(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)).build()) {
        client.get("user:k"); // its last value, kept for stale-if-error
        try (Connection sql = DriverManager.getConnection("jdbc:sqlite:" + file);
            PreparedStatement delete = sql.prepareStatement(
                "DELETE FROM cache_documents WHERE key = 'user:k'")) {
          delete.execute();
        }
        storeNotJson(file, "user:k", "profile");
        time.advance(Duration.ofMinutes(5).plusSeconds(1)); // past the profile's memory TTL
        gateArmed.set(true);

        CompletableFuture<CacheRead> single = new CompletableFuture<>();
        reading(client, "user:k", single);
        assertTrue(singleReading.await(10, TimeUnit.SECONDS));
        CompletableFuture<Map<String, CacheRead>> batch = CompletableFuture.supplyAsync(
            () -> client.getAll(List.of("user:k", "user:a", "user:b")));
        Thread.sleep(200); // the batch joins the single read's load of user:k
        release.countDown();

        Map<String, CacheRead> answered = batch.get(10, TimeUnit.SECONDS);
        assertTrue("user:k from its last value", answered.get("user:k").storeFailed());
        assertEquals(Layer.STORE, answered.get("user:a").layer());
        assertEquals(Layer.STORE, answered.get("user:b").layer());
      } finally {
        release.countDown();
      }
    }
  }

  private static Thread reading(CacheClient client, String key, CompletableFuture<CacheRead> into) {
    Thread read = new Thread(() -> {
      try {
        into.complete(client.get(key));
      } catch (RuntimeException e) {
        into.completeExceptionally(e);
      }
    }, "read " + key);
    read.start();
    return read;
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * The readiness probe reads one key: a broken document there is the store answering, so it must
   * not take every instance out of service while reads of other keys work.
   */
  @Test
  public void aBrokenProbeDocumentLeavesTheStoreReady() throws Exception {
    Path file = dir.newFolder().toPath().resolve("cache.db");
    try (SqliteCacheStore store = SqliteCacheStore.open(file)) {
      storeNotJson(file, "count:users:all", "count");
      try (CacheClient client = CacheClient.builder(store).ticker(time).clock(time)
          .executor(Runnable::run).circuit(2, Duration.ofSeconds(30), Duration.ofSeconds(30))
          .meterRegistry(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)).build()) {
        for (int probe = 0; probe < 3; probe++) {
          client.checkStore("count:users:all", Duration.ofSeconds(5));
        }
      }
    }
  }

  /**
   * JSON that parses but lacks an envelope field: without expiresAt the read failed as a store
   * outage, without payload the document was served with none.
   */
  @Test
  public void aDocumentMissingAnEnvelopeFieldIsUnreadableAndNamesTheField() throws Exception {
    Path file = dir.newFolder().toPath().resolve("cache.db");
    try (SqliteCacheStore store = SqliteCacheStore.open(file)) {
      store.write(List.of(Docs.doc("user:ok", Docs.T0.plus(Duration.ofDays(1)))));
      storeWithout(file, "user:noexpiry", "expiresAt");
      storeWithout(file, "user:nopayload", "payload");
      try (CacheClient client = CacheClient.builder(store).ticker(time).clock(time)
          .executor(Runnable::run).circuit(2, Duration.ofSeconds(30), Duration.ofSeconds(30))
          .meterRegistry(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)).build()) {
        for (String[] keyAndField : new String[][] {
            {"user:noexpiry", "expiresAt"}, {"user:nopayload", "payload"}}) {
          UnreadableDocumentException unreadable = assertThrows(
              UnreadableDocumentException.class, () -> client.get(keyAndField[0]));
          assertEquals(keyAndField[0], unreadable.key());
          assertTrue(unreadable.getMessage(),
              unreadable.getMessage().contains("no '" + keyAndField[1] + "'"));
        }
        assertThrows("read again, not served from memory", UnreadableDocumentException.class,
            () -> client.get("user:nopayload"));
        assertEquals("the store answered: no outage", Layer.STORE, client.get("user:ok").layer());
      }
    }
  }

  /** A newer build's payload (a rollout under way) is a miss, not bound with defaults. */
  @Test
  public void aDocumentOfAnotherSchemaVersionIsAMiss() throws Exception {
    Path file = dir.newFolder().toPath().resolve("cache.db");
    try (SqliteCacheStore store = SqliteCacheStore.open(file)) {
      store.write(List.of(Docs.doc("user:ok", Docs.T0.plus(Duration.ofDays(1)))));
      ObjectNode json = (ObjectNode) Json.MAPPER.readTree(
          Json.write(Docs.doc("user:newer", Docs.T0.plus(Duration.ofDays(1)))));
      json.put("schemaVersion", 2);
      try (Connection sql = DriverManager.getConnection("jdbc:sqlite:" + file);
          PreparedStatement insert = sql.prepareStatement(
              "INSERT INTO cache_documents VALUES ('user:newer', 'profile', 4102444800000, 'x', ?)")) {
        insert.setString(1, Json.write(json));
        insert.execute();
      }
      PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      try (CacheClient client = CacheClient.builder(store).ticker(time).clock(time)
          .executor(Runnable::run).meterRegistry(registry).build()) {
        assertTrue(client.get("user:newer").found().isEmpty());
        assertTrue(client.get("user:ok").found().isPresent());
        assertEquals(1.0, registry.get("avalo.cache.unreadable.versions").tag("type", "profile")
            .functionCounter().count(), 0.0);
      }
    }
    // The client closes its store: the bypass reads through one of its own.
    try (CacheClient bypassing = CacheClient.builder(SqliteCacheStore.open(file)).ticker(time)
        .clock(time).executor(Runnable::run).storeAsOrigin()
        .meterRegistry(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)).build()) {
      bypassing.setBypass(true);
      assertTrue("nor through the bypass", bypassing.get("user:newer").found().isEmpty());
      assertTrue(bypassing.get("user:ok").found().isPresent());
    }
  }

  /** Stores a row under {@code key} that is not JSON at all (a write cut short, an edit by hand). */
  private static void storeNotJson(Path file, String key, String type) throws Exception {
    try (Connection sql = DriverManager.getConnection("jdbc:sqlite:" + file);
        PreparedStatement insert = sql.prepareStatement(
            "INSERT INTO cache_documents VALUES (?, ?, 4102444800000, 'x', '{not json')")) {
      insert.setString(1, key);
      insert.setString(2, type);
      insert.execute();
    }
  }

  /** Stores a whole document under {@code key}, minus its envelope's {@code field}. */
  private static void storeWithout(Path file, String key, String field) throws Exception {
    ObjectNode json = (ObjectNode) Json.MAPPER.readTree(
        Json.write(Docs.doc(key, Docs.T0.plus(Duration.ofDays(1)))));
    json.remove(field);
    try (Connection sql = DriverManager.getConnection("jdbc:sqlite:" + file);
        PreparedStatement insert = sql.prepareStatement(
            "INSERT INTO cache_documents VALUES (?, 'profile', 4102444800000, 'x', ?)")) {
      insert.setString(1, key);
      insert.setString(2, Json.write(json));
      insert.execute();
    }
  }

  @Test
  public void theBypassFailsABrokenDocumentAsTheCacheDoes() throws Exception {
    Path file = dir.newFolder().toPath().resolve("cache.db");
    try (SqliteCacheStore store = SqliteCacheStore.open(file)) {
      storeNotJson(file, "user:broken", "profile");
      try (CacheClient client = CacheClient.builder(store).ticker(time).clock(time)
          .executor(Runnable::run).storeAsOrigin()
          .meterRegistry(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)).build()) {
        client.setBypass(true);
        UnreadableDocumentException broken =
            assertThrows(UnreadableDocumentException.class, () -> client.get("user:broken"));
        assertEquals("user:broken", broken.key());
        assertThrows(UnreadableDocumentException.class,
            () -> client.getAll(List.of("user:broken")));
      }
    }
  }
}
