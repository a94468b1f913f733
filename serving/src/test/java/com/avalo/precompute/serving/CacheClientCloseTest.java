package com.avalo.precompute.serving;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.avalo.precompute.serving.CacheRead.Layer;
import java.util.List;
import org.junit.Test;

/**
 * A miss on a closed client is the caller's mistake, said as such: not a store outage
 * ({@link StoreDownException}, which HTTP answers as 503) after the load timeout.
 */
public class CacheClientCloseTest {
  private final FakeTime time = new FakeTime();
  private final MapStore store = new MapStore();

  @Test
  public void aMissAfterCloseSaysTheClientIsClosed() {
    store.put(Docs.doc("user:u1:tokens", Docs.T0.plusSeconds(3600)));
    CacheClient client = Clients.builder(store, time).build();
    assertEquals(Layer.STORE, client.get("user:u1:tokens").layer());
    client.close();

    assertEquals("a memory hit is not checked", Layer.MEMORY, client.get("user:u1:tokens").layer());
    IllegalStateException single = assertThrows(IllegalStateException.class,
        () -> client.get("user:u2:tokens"));
    assertTrue(single.getMessage(), single.getMessage().contains("this CacheClient is closed"));
    assertThrows(IllegalStateException.class,
        () -> client.getAll(List.of("user:u1:tokens", "user:u3:tokens")));
  }
}
