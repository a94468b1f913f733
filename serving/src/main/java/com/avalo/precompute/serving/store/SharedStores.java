package com.avalo.precompute.serving.store;

import com.avalo.precompute.schemas.CacheDocument;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The stores behind {@link StoreSpec#openShared()}: one open store per spec in this JVM, counted
 * by the handles given out and closed with the last of them. Pipeline writers run as many DoFn
 * instances at once; each opening its own SQLite store would open a pool of connections each.
 */
final class SharedStores {
  private static final Map<StoreSpec, Shared> OPEN = new HashMap<>();

  private SharedStores() {}

  static synchronized CacheStore acquire(StoreSpec spec) {
    Shared shared = OPEN.get(spec);
    if (shared == null) {
      shared = new Shared(spec, spec.open());
      OPEN.put(spec, shared);
    }
    shared.handles++;
    return new Handle(shared);
  }

  /** Whether a store is open for {@code spec}, for tests. */
  static synchronized boolean isOpen(StoreSpec spec) {
    return OPEN.containsKey(spec);
  }

  private static synchronized void release(Shared shared) {
    if (--shared.handles == 0) {
      OPEN.remove(shared.spec);
      shared.store.close();
    }
  }

  private static final class Shared {
    final StoreSpec spec;
    final CacheStore store;
    int handles;

    Shared(StoreSpec spec, CacheStore store) {
      this.spec = spec;
      this.store = store;
    }
  }

  /** One holder's view of the shared store; closing it gives the holder's share back, once. */
  private static final class Handle implements CacheStore {
    private final Shared shared;
    private final AtomicBoolean closed = new AtomicBoolean();

    Handle(Shared shared) {
      this.shared = shared;
    }

    @Override
    public Optional<CacheDocument> get(String key) {
      return shared.store.get(key);
    }

    @Override
    public Map<String, CacheDocument> getAll(Collection<String> keys) {
      return shared.store.getAll(keys);
    }

    @Override
    public CompletableFuture<Optional<CacheDocument>> getAsync(String key, Executor executor) {
      return shared.store.getAsync(key, executor);
    }

    @Override
    public CompletableFuture<Map<String, CacheDocument>> getAllAsync(Collection<String> keys,
        Executor executor) {
      return shared.store.getAllAsync(keys, executor);
    }

    @Override
    public void write(List<CacheDocument> documents) {
      shared.store.write(documents);
    }

    @Override
    public void writeRendered(List<RenderedDocument> documents) {
      shared.store.writeRendered(documents);
    }

    @Override
    public void delete(Collection<String> keys) {
      shared.store.delete(keys);
    }

    @Override
    public List<String> keysWithPrefix(String prefix, int limit) {
      return shared.store.keysWithPrefix(prefix, limit);
    }

    @Override
    public void forEachStamp(String job, Consumer<DocumentStamp> action) {
      shared.store.forEachStamp(job, action);
    }

    @Override
    public boolean nonBlockingReads() {
      return shared.store.nonBlockingReads();
    }

    @Override
    public String describe() {
      return shared.store.describe();
    }

    @Override
    public void close() {
      if (closed.compareAndSet(false, true)) {
        release(shared);
      }
    }
  }
}
