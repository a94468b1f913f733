package com.avalo.precompute.serving;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import com.avalo.precompute.schemas.DocumentType;
import com.avalo.precompute.schemas.InvalidKeyException;
import com.avalo.precompute.serving.CacheRead.Layer;
import com.avalo.precompute.serving.invalidation.InvalidationPrefixes;
import com.avalo.precompute.serving.invalidation.LocalInvalidationBus;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/** Invalidation by key and by prefix, here and on the other instances of an in-process bus. */
public class InvalidationTest {
  private static final List<String> KEYS = List.of("user:u1", "user:u1:stats", "user:u1:tokens",
      "user:u10", "feed:u1:0", "feed:u1:1", "chats:u1", "chats:u1:2", "post:p1");

  private final FakeTime time = new FakeTime();
  private final MapStore store = new MapStore();

  @Test
  public void prefixDropsTheKeysUnderItAndNoOthers() {
    KEYS.forEach(key -> store.put(Docs.doc(key, Docs.T0.plusSeconds(3600))));
    try (CacheClient client = Clients.builder(store, time).build()) {
      client.getAll(KEYS);
      client.invalidate("user:u1");
      assertLayers(client, Map.of("user:u1", Layer.STORE, "user:u1:stats", Layer.STORE,
          "user:u1:tokens", Layer.STORE, "user:u10", Layer.MEMORY, "feed:u1:0", Layer.MEMORY));

      client.invalidate("feed:u1");
      assertLayers(client, Map.of("feed:u1:0", Layer.STORE, "feed:u1:1", Layer.STORE));

      client.invalidate("chats:u1"); // the first page, and the pages after it
      assertLayers(client, Map.of("chats:u1", Layer.STORE, "chats:u1:2", Layer.STORE,
          "post:p1", Layer.MEMORY));
    }
  }

  @Test
  public void keyDropsOnlyThatKey() {
    KEYS.forEach(key -> store.put(Docs.doc(key, Docs.T0.plusSeconds(3600))));
    try (CacheClient client = Clients.builder(store, time).build()) {
      client.getAll(KEYS);
      client.invalidate("user:u1:stats");
      client.invalidate("post:p1");
      assertLayers(client, Map.of("user:u1:stats", Layer.STORE, "post:p1", Layer.STORE,
          "user:u1", Layer.MEMORY, "user:u1:tokens", Layer.MEMORY));
    }
  }

  @Test
  public void invalidationReachesTheOtherInstances() {
    store.put(Docs.doc("user:u1", Docs.T0.plusSeconds(3600), "run-1"));
    store.put(Docs.doc("user:u1:stats", Docs.T0.plusSeconds(3600), "run-1"));
    LocalInvalidationBus.Hub hub = LocalInvalidationBus.hub();
    try (CacheClient a = Clients.builder(store, time).invalidationBus(hub.join()).build();
        CacheClient b = Clients.builder(store, time).invalidationBus(hub.join()).build()) {
      a.get("user:u1");
      b.getAll(List.of("user:u1", "user:u1:stats"));
      store.put(Docs.doc("user:u1:stats", Docs.T0.plusSeconds(3600), "run-2"));

      a.invalidate("user:u1");

      CacheRead stats = b.get("user:u1:stats");
      assertEquals(Layer.STORE, stats.layer());
      assertEquals("run-2", stats.document().runId());
      assertEquals(Layer.STORE, a.get("user:u1").layer());
      assertEquals(1.0, counter(b, "remote"), 0);
      assertEquals(0.0, counter(a, "remote"), 0);
      assertEquals(1.0, counter(a, "local"), 0);
    }
  }

  @Test
  public void somethingThatIsNotAKeyPrefixIsRefused() {
    try (CacheClient client = Clients.builder(store, time).build()) {
      for (String bad : new String[] {"", "users:u1", "user/u1", "*", "user:u 1"}) {
        try {
          client.invalidate(bad);
          fail("accepted '" + bad + "'");
        } catch (InvalidKeyException expected) {
          assertTrue(expected.getMessage(), expected.getMessage().contains("prefix"));
        }
      }
    }
  }

  @Test
  public void everyKeyOfTheGrammarCanBeInvalidated() {
    for (DocumentType type : DocumentType.values()) {
      String key = Docs.key(type, "u1").value();
      assertEquals(key, InvalidationPrefixes.check(key));
      assertEquals(type == DocumentType.PROFILE || type == DocumentType.CHATS,
          !InvalidationPrefixes.coversOneKey(key));
    }
    assertFalse(InvalidationPrefixes.coversOneKey("feed:u1"));
    assertTrue(InvalidationPrefixes.coversOneKey("chats:u1:2"));
  }

  private static void assertLayers(CacheClient client, Map<String, Layer> expected) {
    expected.forEach((key, layer) -> assertEquals(key, layer, client.get(key).layer()));
  }

  private static double counter(CacheClient client, String source) {
    return client.meterRegistry().get("avalo.cache.invalidations").tag("source", source)
        .functionCounter().count();
  }
}
