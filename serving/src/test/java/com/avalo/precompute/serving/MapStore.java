package com.avalo.precompute.serving;

import com.avalo.precompute.schemas.CacheDocument;
import com.avalo.precompute.serving.store.CacheStore;
import com.avalo.precompute.serving.store.StoreUnavailableException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * An in-memory {@link CacheStore} that counts its reads, can be made to fail like a dead store,
 * and can hold reads at a gate until a test opens it.
 */
final class MapStore implements CacheStore {
  final Map<String, CacheDocument> documents = new ConcurrentHashMap<>();
  final AtomicInteger gets = new AtomicInteger();
  final AtomicInteger getAlls = new AtomicInteger();
  final List<Integer> getAllSizes = new CopyOnWriteArrayList<>();
  private volatile boolean down;
  private volatile CountDownLatch gate;
  volatile boolean closed;

  /** Store reads of any kind so far. */
  int reads() {
    return gets.get() + getAlls.get();
  }

  void put(CacheDocument document) {
    documents.put(document.key(), document);
  }

  void setDown(boolean isDown) {
    down = isDown;
  }

  /** Makes every read wait until {@link #open()}. */
  void hold() {
    gate = new CountDownLatch(1);
  }

  void open() {
    CountDownLatch current = gate;
    gate = null;
    if (current != null) {
      current.countDown();
    }
  }

  @Override
  public Optional<CacheDocument> get(String key) {
    gets.incrementAndGet();
    pass();
    return Optional.ofNullable(documents.get(key));
  }

  @Override
  public Map<String, CacheDocument> getAll(Collection<String> keys) {
    getAlls.incrementAndGet();
    getAllSizes.add(keys.size());
    pass();
    Map<String, CacheDocument> found = new HashMap<>();
    keys.forEach(key -> {
      CacheDocument document = documents.get(key);
      if (document != null) {
        found.put(key, document);
      }
    });
    return found;
  }

  private void pass() {
    CountDownLatch current = gate;
    if (current != null) {
      try {
        if (!current.await(10, TimeUnit.SECONDS)) {
          throw new IllegalStateException("test gate never opened");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    if (down) {
      throw new StoreUnavailableException("map store is down (test)", null);
    }
  }

  @Override
  public void write(List<CacheDocument> written) {
    written.forEach(this::put);
  }

  @Override
  public void delete(Collection<String> keys) {
    keys.forEach(documents::remove);
  }

  @Override
  public List<String> keysWithPrefix(String prefix, int limit) {
    return documents.keySet().stream().filter(key -> key.startsWith(prefix)).sorted().limit(limit)
        .collect(Collectors.toList());
  }

  @Override
  public String describe() {
    return "map:test";
  }

  @Override
  public void close() {
    closed = true;
  }
}
