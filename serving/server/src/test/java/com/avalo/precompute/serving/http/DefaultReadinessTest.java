package com.avalo.precompute.serving.http;

import static com.avalo.precompute.serving.http.TestServer.SERVICE_TOKEN;
import static org.junit.Assert.assertEquals;

import com.avalo.precompute.schemas.CacheDocument;
import com.avalo.precompute.serving.CacheClient;
import com.avalo.precompute.serving.ForwardingStore;
import com.avalo.precompute.serving.store.CacheStore;
import com.avalo.precompute.serving.store.SqliteCacheStore;
import com.avalo.precompute.serving.store.StoreUnavailableException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * A server built without a readiness check of its own, in front of a {@link CacheClient}: its
 * {@code /readyz} asks the store, so it is not ready while the store is down even though the
 * memory tier remembers the probe key.
 */
public class DefaultReadinessTest {
  @Rule public final TemporaryFolder dir = new TemporaryFolder();

  @Test
  public void theDefaultCheckIsNotReadyWhileTheStoreIsDownThoughMemoryHoldsTheProbeKey()
      throws Exception {
    SqliteCacheStore sqlite = SqliteCacheStore.open(dir.getRoot().toPath().resolve("cache.db"));
    sqlite.write(TestDocuments.all());
    SwitchableStore store = new SwitchableStore(sqlite);
    try (CacheClient client = CacheClient.builder(store).build()) {
      ServingHttpServer server = ServingHttpServer.builder()
          .config(ServingHttpConfig.builder().port(0).serviceToken(SERVICE_TOKEN).build())
          .reads(client)
          .build()
          .start();
      try {
        assertEquals(200, readyz(server));
        client.get("count:users:all"); // now in memory
        store.down = true;
        // The answer of the probe before is reused for up to a second.
        int down = readyz(server);
        for (int i = 0; i < 50 && down != 503; i++) {
          Thread.sleep(100);
          down = readyz(server);
        }
        assertEquals(503, down);
        store.down = false;
        // The circuit asks the store again after its backoff (1 s at first).
        int status = readyz(server);
        for (int i = 0; i < 100 && status != 200; i++) {
          Thread.sleep(100);
          status = readyz(server);
        }
        assertEquals(200, status);
      } finally {
        server.stop();
      }
    }
  }

  /**
   * /readyz needs no credentials and reads the store itself, past the memory tier and the waiting
   * limit: each probe of a flood was a store read (a billed one on Firestore) holding a request
   * thread. Probes that ask together, or within a second of an answer, share one read.
   */
  @Test
  public void aFloodOfProbesReadsTheStoreOnce() throws Exception {
    SqliteCacheStore sqlite = SqliteCacheStore.open(dir.getRoot().toPath().resolve("cache.db"));
    sqlite.write(TestDocuments.all());
    SwitchableStore store = new SwitchableStore(sqlite);
    ExecutorService callers = Executors.newFixedThreadPool(16);
    try (CacheClient client = CacheClient.builder(store).build()) {
      ServingHttpServer server = ServingHttpServer.builder()
          .config(ServingHttpConfig.builder().port(0).serviceToken(SERVICE_TOKEN).build())
          .reads(client)
          // Long enough that every probe below asks within it, however slow the machine.
          .readinessReuse(Duration.ofMinutes(1))
          .build()
          .start();
      try {
        List<Future<Integer>> statuses = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
          statuses.add(callers.submit(() -> readyz(server)));
        }
        for (Future<Integer> status : statuses) {
          assertEquals(200, (int) status.get());
        }
        for (int i = 0; i < 10; i++) {
          assertEquals(200, readyz(server));
        }
        assertEquals("store reads of the probe key", 1, store.probeReads.get());
      } finally {
        server.stop();
      }
    } finally {
      callers.shutdownNow();
    }
  }

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static int readyz(ServingHttpServer server) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + server.port() + "/readyz")).build(),
        HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  /** A store whose reads fail as an unreachable one's do while {@link #down}. */
  private static final class SwitchableStore extends ForwardingStore {
    volatile boolean down;
    final AtomicInteger probeReads = new AtomicInteger();

    SwitchableStore(CacheStore delegate) {
      super(delegate);
    }

    private void check() {
      if (down) {
        throw new StoreUnavailableException("test store is down", null);
      }
    }

    @Override
    public Optional<CacheDocument> get(String key) {
      if (key.equals("count:users:all")) {
        probeReads.incrementAndGet();
      }
      check();
      return super.get(key);
    }

    @Override
    public Map<String, CacheDocument> getAll(Collection<String> keys) {
      check();
      return super.getAll(keys);
    }
  }
}
