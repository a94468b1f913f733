package com.avalo.precompute.serving;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.fail;

import com.avalo.precompute.schemas.DocumentType;
import com.avalo.precompute.schemas.InvalidKeyException;
import com.avalo.precompute.schemas.PostCard;
import com.avalo.precompute.schemas.ProfileCard;
import java.util.Map;
import org.junit.Test;

/** Each typed read returns the payload record of its key. */
public class TypedReadsTest {
  private final FakeTime time = new FakeTime();
  private final MapStore store = new MapStore();

  @Test
  public void everyTypedReadReturnsItsPayload() {
    for (DocumentType type : DocumentType.values()) {
      store.put(Docs.doc(Docs.key(type, "u1").value(), Docs.T0.plusSeconds(3600)));
    }
    try (CacheClient client = Clients.builder(store, time).build()) {
      assertEquals(payload(DocumentType.PROFILE), client.profile("u1").orElseThrow());
      assertEquals(payload(DocumentType.USER_STATS), client.stats("u1").orElseThrow());
      assertEquals(payload(DocumentType.USER_TOKENS), client.tokens("u1").orElseThrow());
      assertEquals(payload(DocumentType.FEED_PAGE), client.feedPage("u1", 0).orElseThrow());
      assertEquals(payload(DocumentType.MATCHES), client.matches("u1").orElseThrow());
      assertEquals(payload(DocumentType.CHATS), client.chats("u1", 0).orElseThrow());
      assertEquals(payload(DocumentType.COUNT), client.count("users", Map.of("city", "u1")).orElseThrow());
      assertEquals(payload(DocumentType.ANALYTICS), client.analytics("dau.u1", "2026-11-20").orElseThrow());
      assertEquals(payload(DocumentType.POST), client.post("u1").orElseThrow());
      assertEquals(payload(DocumentType.MEDIA), client.media("u1").orElseThrow());
      assertFalse(client.profile("nobody").isPresent());
    }
  }

  @Test
  public void badKeysAndWrongClassesAreRefused() {
    try (CacheClient client = Clients.builder(store, time).build()) {
      try {
        client.get("users:u1");
        fail("read a key outside the grammar");
      } catch (InvalidKeyException expected) {
        assertEquals("users:u1", expected.key());
      }
      try {
        client.read(DocumentType.PROFILE.key("u1"), PostCard.class);
        fail("bound a profile to a post");
      } catch (IllegalArgumentException expected) {
        assertEquals(ProfileCard.class, DocumentType.PROFILE.payloadClass());
      }
      assertEquals(0, store.reads());
    }
  }

  private static Object payload(DocumentType type) {
    return Docs.payload(Docs.key(type, "u1"));
  }
}
