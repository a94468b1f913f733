package com.avalo.precompute.serving.store;

import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.List;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** A closed store says so at once, rather than waiting forever for a connection. */
public class SqliteCacheStoreCloseTest {
  @Rule public final TemporaryFolder folder = new TemporaryFolder();

  @Test(timeout = 10_000)
  public void everyOperationAfterCloseFailsAtOnceSayingClosed() {
    SqliteCacheStore store = SqliteCacheStore.open(folder.getRoot().toPath().resolve("cache.db"));
    store.close();
    for (Runnable operation : List.<Runnable>of(
        () -> store.get("user:abc"),
        () -> store.getAll(List.of("user:abc", "user:def")),
        () -> store.keysWithPrefix("user:", 10),
        () -> store.delete(List.of("user:abc")))) {
      IllegalStateException e = assertThrows(IllegalStateException.class, operation::run);
      assertTrue(e.getMessage(), e.getMessage().contains("is closed"));
    }
  }
}
