package com.avalo.precompute.serving;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.avalo.precompute.schemas.DocumentType;
import com.avalo.precompute.serving.CacheRead.Layer;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameters;

/**
 * The memory tier keeps a document for the shorter of its type's TTL and the time left until its
 * {@code expiresAt}, for every document type; checked at the nanosecond on either side.
 */
@RunWith(Parameterized.class)
public class MemoryExpiryTest {
  private final DocumentType type;
  private final Duration ttl;
  private final FakeTime time = new FakeTime();
  private final MapStore store = new MapStore();
  private CacheClient client;
  private String key;

  public MemoryExpiryTest(DocumentType type) {
    this.type = type;
    this.ttl = type.defaultMemoryTtl();
  }

  @Parameters(name = "{0}")
  public static Collection<Object[]> types() {
    return Arrays.stream(DocumentType.values()).map(type -> new Object[] {type}).toList();
  }

  @Before
  public void setUp() {
    // Refresh ahead off: this test is about when entries leave memory.
    client = Clients.builder(store, time).refreshAheadFraction(1).build();
    key = Docs.key(type, "u1").value();
  }

  @After
  public void tearDown() {
    client.close();
  }

  @Test
  public void lifetimeIsTheShorterOfTtlAndTimeToExpiry() {
    Instant now = Docs.T0;
    long ttlNanos = ttl.toNanos();
    assertEquals("expires after the TTL", ttlNanos,
        Entries.freshLifetimeNanos(ttlNanos, now.plus(ttl.multipliedBy(2)), now));
    assertEquals("expires before the TTL", ttlNanos / 2,
        Entries.freshLifetimeNanos(ttlNanos, now.plus(ttl.dividedBy(2)), now));
    assertEquals("expires at the TTL", ttlNanos, Entries.freshLifetimeNanos(ttlNanos, now.plus(ttl), now));
    assertEquals("expires exactly now", 0, Entries.freshLifetimeNanos(ttlNanos, now, now));
    assertTrue("expired", Entries.freshLifetimeNanos(ttlNanos, now.minusSeconds(1), now) < 0);
    assertEquals("expires in centuries", ttlNanos,
        Entries.freshLifetimeNanos(ttlNanos, Instant.parse("2999-01-01T00:00:00Z"), now));
  }

  @Test
  public void documentExpiringAfterTheTtlLeavesMemoryAtTheTtl() {
    store.put(Docs.doc(key, Docs.T0.plus(ttl.multipliedBy(3))));
    assertEquals(Layer.STORE, client.get(key).layer());

    time.advanceNanos(ttl.toNanos() - 1);
    assertEquals(Layer.MEMORY, client.get(key).layer());
    time.advanceNanos(1);
    CacheRead reloaded = client.get(key);
    assertEquals(Layer.STORE, reloaded.layer());
    assertFalse(reloaded.stale());
    assertEquals(2, store.reads());
  }

  @Test
  public void documentExpiringBeforeTheTtlLeavesMemoryAtItsExpiresAt() {
    Duration left = ttl.dividedBy(3);
    store.put(Docs.doc(key, Docs.T0.plus(left)));
    assertEquals(Layer.STORE, client.get(key).layer());

    time.advanceNanos(left.toNanos() - 1);
    CacheRead lastFresh = client.get(key);
    assertEquals(Layer.MEMORY, lastFresh.layer());
    assertFalse(lastFresh.stale());
    time.advanceNanos(1);
    CacheRead expired = client.get(key);
    assertEquals("reloaded at expiresAt, not served from memory", Layer.STORE, expired.layer());
    assertTrue("the store still holds only the expired document", expired.stale());
  }

  @Test
  public void documentExpiringExactlyNowIsNotFresh() {
    store.put(Docs.doc(key, Docs.T0));
    CacheRead read = client.get(key);
    assertTrue(read.stale());
    assertEquals(Layer.STORE, read.layer());
  }
}
