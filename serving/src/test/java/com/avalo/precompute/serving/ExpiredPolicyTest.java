package com.avalo.precompute.serving;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import com.avalo.precompute.schemas.CacheDocument;
import com.avalo.precompute.schemas.CacheKey;
import com.avalo.precompute.schemas.DocumentType;
import com.avalo.precompute.serving.CacheRead.Layer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameters;

/** Each {@link ExpiredPolicy} on an expired document, for every document type. */
@RunWith(Parameterized.class)
public class ExpiredPolicyTest {
  private final DocumentType type;
  private final ExpiredPolicy policy;
  private final FakeTime time = new FakeTime();
  private final MapStore store = new MapStore();
  private final AtomicInteger originCalls = new AtomicInteger();
  private CacheClient client;
  private String key;

  public ExpiredPolicyTest(DocumentType type, ExpiredPolicy policy) {
    this.type = type;
    this.policy = policy;
  }

  @Parameters(name = "{0} {1}")
  public static Collection<Object[]> cases() {
    List<Object[]> cases = new ArrayList<>();
    for (DocumentType type : DocumentType.values()) {
      for (ExpiredPolicy policy : ExpiredPolicy.values()) {
        cases.add(new Object[] {type, policy});
      }
    }
    return cases;
  }

  @Before
  public void setUp() {
    key = Docs.key(type, "u1").value();
    // Expired a minute ago, within the 5 minutes of staleness allowed.
    store.put(Docs.doc(key, Docs.T0.minusSeconds(60)));
    client = Clients.builder(store, time)
        .expiredPolicy(type, policy)
        .originLoader(type, k -> {
          originCalls.incrementAndGet();
          return Optional.of(Docs.payload(k)); // a bare payload: the client wraps it
        })
        .maxStaleness(Duration.ofMinutes(5))
        .negativeTtl(Duration.ofSeconds(10))
        .build();
  }

  @After
  public void tearDown() {
    client.close();
  }

  @Test
  public void expiredDocumentIsServedAsThePolicySays() {
    CacheRead first = client.get(key);
    CacheRead second = client.get(key);
    switch (policy) {
      case SERVE_STALE -> {
        assertEquals(new CacheRead(store.documents.get(key), Layer.STORE, true), first);
        assertEquals(new CacheRead(store.documents.get(key), Layer.MEMORY, true), second);
      }
      case MISS -> {
        assertEquals(CacheRead.missing(Layer.STORE), first);
        assertEquals(CacheRead.missing(Layer.MEMORY), second);
      }
      case ORIGIN -> {
        assertEquals(Layer.ORIGIN, first.layer());
        assertFalse(first.stale());
        assertEquals(OriginCalls.ORIGIN_JOB, first.document().job());
        assertEquals(Docs.payload(CacheKey.parse(key)),
            first.document().payloadAs(type.payloadClass()));
        assertEquals("expires after the type's memory TTL",
            time.instant().plus(type.defaultMemoryTtl()), first.document().expiresAt());
        assertEquals(new CacheRead(first.document(), Layer.MEMORY, false), second);
        assertEquals("the origin is asked once", 1, originCalls.get());
      }
      default -> throw new AssertionError(policy);
    }
    assertEquals("one store read", 1, store.reads());
  }

  @Test
  public void aNewerDocumentReplacesTheExpiredOneOnceTheStoreHasIt() {
    client.get(key);
    CacheDocument rewritten = Docs.doc(key, Docs.T0.plusSeconds(7200), "run-2");
    store.put(rewritten);
    // The expired document (or its absence) stays in memory at most the negative TTL; the
    // origin's value its type's memory TTL.
    time.advance(policy == ExpiredPolicy.ORIGIN ? type.defaultMemoryTtl() : Duration.ofSeconds(10));
    CacheRead read = client.get(key);
    assertEquals(rewritten, read.document());
    assertEquals(Layer.STORE, read.layer());
    assertFalse(read.stale());
  }

  @Test
  public void documentStaleBeyondTheMaximumIsNotServed() {
    String old = Docs.key(type, "old").value();
    store.put(Docs.doc(old, Docs.T0.minus(Duration.ofMinutes(5))));
    CacheRead read = client.get(old);
    if (policy == ExpiredPolicy.ORIGIN) {
      assertEquals(Layer.ORIGIN, read.layer());
      assertTrue(read.found().isPresent());
    } else {
      assertNull(read.document());
    }
  }
}
