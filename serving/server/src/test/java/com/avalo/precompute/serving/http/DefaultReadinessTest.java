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
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
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
        assertEquals(503, readyz(server));
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

  private static int readyz(ServingHttpServer server) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + server.port() + "/readyz")).build(),
        HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  /** A store whose reads fail as an unreachable one's do while {@link #down}. */
  private static final class SwitchableStore extends ForwardingStore {
    volatile boolean down;

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
