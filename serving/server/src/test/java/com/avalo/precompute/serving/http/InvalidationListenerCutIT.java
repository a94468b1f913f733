package com.avalo.precompute.serving.http;

import static org.junit.Assert.assertEquals;

import com.avalo.precompute.schemas.CacheDocument;
import com.avalo.precompute.schemas.DocumentType;
import com.avalo.precompute.schemas.TokenBalance;
import com.avalo.precompute.serving.CacheClient;
import com.avalo.precompute.serving.invalidation.FirestoreInvalidationBus;
import com.avalo.precompute.serving.store.CacheStore;
import com.avalo.precompute.serving.store.CacheStores;
import com.avalo.precompute.serving.store.FirestoreCacheStore;
import com.avalo.precompute.serving.store.StoreSpec;
import com.google.cloud.firestore.Firestore;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;

/**
 * Two instances on an emulator of the test's own; instance B's invalidation listener reaches
 * Firestore through a TCP proxy that the test cuts. What was published while B was cut off is
 * applied once it is back (the listener resumes from where it was, or re-listens from its last
 * event less a minute), and so is what is published after. Until then B serves what it holds in
 * memory, for at most the type's memory TTL. Skipped when no emulator jar is installed.
 */
public class InvalidationListenerCutIT {
  private static final String PROJECT = "faults-invalidation";

  private final List<AutoCloseable> closing = new ArrayList<>();
  @Rule public final OwnEmulator own = new OwnEmulator();

  @After
  public void stopAll() throws Exception {
    for (AutoCloseable closeable : closing) {
      closeable.close();
    }
  }

  @Test
  public void invalidationsPublishedDuringACutAndAfterItAreApplied() throws Exception {
    TcpProxy proxy = track(new TcpProxy(own.emulator().port()));
    StoreSpec spec = StoreSpec.firestore(PROJECT, own.emulator().host());
    CacheStore writer = track(CacheStores.open(spec));
    Firestore direct = track(FirestoreCacheStore.client(PROJECT, own.emulator().host()));
    Firestore throughProxy = track(FirestoreCacheStore.client(PROJECT, proxy.host()));
    CacheClient a = track(client(spec, FirestoreInvalidationBus.on(direct, "it_invalidations", "a"), "a"));
    CacheClient b = track(client(spec, FirestoreInvalidationBus.on(throughProxy, "it_invalidations", "b"), "b"));

    writer.write(List.of(tokens("u1", "run-1"), tokens("u2", "run-1")));
    for (CacheClient client : List.of(a, b)) {
      client.get("user:u1:tokens");
      client.get("user:u2:tokens");
    }
    // A first invalidation proves B listens before the cut.
    writer.write(List.of(tokens("u2", "run-2")));
    a.invalidate("user:u2:tokens");
    ServeStoreFaultsIT.awaitTrue("B hears while connected", 60, () -> runOf(b, "u2").equals("run-2"));

    proxy.cut();
    writer.write(List.of(tokens("u1", "run-2")));
    a.invalidate("user:u1:tokens");
    Thread.sleep(2000);
    assertEquals("cut off, B still serves what it holds", "run-1", runOf(b, "u1"));

    proxy.restore();
    ServeStoreFaultsIT.awaitTrue("published during the cut, applied after it", 90,
        () -> runOf(b, "u1").equals("run-2"));
    writer.write(List.of(tokens("u2", "run-3")));
    a.invalidate("user:u2:tokens");
    ServeStoreFaultsIT.awaitTrue("published after the reconnect, applied", 60,
        () -> runOf(b, "u2").equals("run-3"));
  }

  private static CacheClient client(StoreSpec spec, FirestoreInvalidationBus bus, String name) {
    return CacheClient.builder(CacheStores.open(spec)).name(name).invalidationBus(bus)
        .meterRegistry(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)).build();
  }

  private static String runOf(CacheClient client, String uid) {
    return client.get("user:" + uid + ":tokens").document().runId();
  }

  private <T extends AutoCloseable> T track(T closeable) {
    closing.add(0, closeable);
    return closeable;
  }

  private static CacheDocument tokens(String uid, String run) {
    Instant now = Instant.now();
    return CacheDocument.of(DocumentType.USER_TOKENS.key(uid), new TokenBalance(uid, 100, 10, 30, 60),
        new CacheDocument.Provenance("user-stats", run, now, now), now.plusSeconds(3600));
  }
}
