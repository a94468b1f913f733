package com.avalo.precompute.serving;

import com.avalo.precompute.schemas.CacheDocument;
import com.avalo.precompute.serving.store.CacheStore;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A {@link CacheStore} that passes every call to another, for tests to override a few. */
public class ForwardingStore implements CacheStore {
  private final CacheStore delegate;

  public ForwardingStore(CacheStore delegate) {
    this.delegate = delegate;
  }

  @Override
  public Optional<CacheDocument> get(String key) {
    return delegate.get(key);
  }

  @Override
  public Map<String, CacheDocument> getAll(Collection<String> keys) {
    return delegate.getAll(keys);
  }

  @Override
  public void write(List<CacheDocument> documents) {
    delegate.write(documents);
  }

  @Override
  public void delete(Collection<String> keys) {
    delegate.delete(keys);
  }

  @Override
  public List<String> keysWithPrefix(String prefix, int limit) {
    return delegate.keysWithPrefix(prefix, limit);
  }

  @Override
  public String describe() {
    return delegate.describe();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
