package com.avalo.precompute.serving.store;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.avalo.precompute.schemas.CacheDocument;
import com.avalo.precompute.schemas.DocumentType;
import com.avalo.precompute.schemas.FeedPage;
import com.avalo.precompute.schemas.Json;
import com.avalo.precompute.schemas.ProfileCard;
import com.google.cloud.Timestamp;
import com.google.firestore.v1.Value;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/**
 * The one Firestore layout of a cache document: what the pipeline writes in wire form and what
 * the store writes through the client library read back as the same document.
 */
public class FirestoreCodecTest {
  private static final Instant AS_OF = Instant.parse("2026-11-20T00:00:00Z");

  @Test
  public void theWireFormAndTheClientFormBothReadBackAsTheDocument() {
    for (CacheDocument document : List.of(profile(), feedPage())) {
      assertEquals(document, FirestoreCodec.fromValues(FirestoreCodec.toValues(document)));
      assertEquals(document, FirestoreCodec.fromClientFields(FirestoreCodec.toClientFields(document)));
    }
  }

  @Test
  public void timesAreTimestampsAndThePayloadIsOneJsonString() {
    CacheDocument document = feedPage();
    Map<String, Value> values = FirestoreCodec.toValues(document);
    assertEquals(List.of("key", "type", "schemaVersion", "job", "runId", "asOf", "computedAt",
        "expiresAt", "contentHash", "payload"), List.copyOf(values.keySet()));
    // A TTL policy deletes on expiresAt, which it can only do on a timestamp.
    assertEquals(Value.ValueTypeCase.TIMESTAMP_VALUE, values.get("expiresAt").getValueTypeCase());
    assertEquals(document.expiresAt().getNano(),
        values.get("expiresAt").getTimestampValue().getNanos());
    assertEquals(Value.ValueTypeCase.STRING_VALUE, values.get("payload").getValueTypeCase());
    assertEquals(document.payload(), Json.read(values.get("payload").getStringValue()));
    assertEquals(document.schemaVersion(), values.get("schemaVersion").getIntegerValue());

    Map<String, Object> client = FirestoreCodec.toClientFields(document);
    assertTrue(client.get("expiresAt") instanceof Timestamp);
    assertEquals(values.get("payload").getStringValue(), client.get("payload"));
  }

  @Test
  public void theStoredPayloadIsTheStringWhoseHashIsTheContentHash() throws Exception {
    // profile() holds an emoji, which the hashed form escapes, and other non-ASCII text.
    CacheDocument document = profile();
    String wire = FirestoreCodec.toValues(document).get("payload").getStringValue();
    String client = (String) FirestoreCodec.toClientFields(document).get("payload");
    for (String payload : List.of(wire, client)) {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(payload.getBytes(StandardCharsets.UTF_8));
      assertEquals(document.contentHash(), "sha256:" + HexFormat.of().formatHex(digest));
      assertEquals(document.payload(), Json.read(payload));
    }
    assertEquals(document, FirestoreCodec.fromValues(FirestoreCodec.toValues(document)));
    CacheDocument read = FirestoreCodec.fromClientFields(FirestoreCodec.toClientFields(document));
    assertEquals(document, read);
    assertEquals("Ana \uD83C\uDF0A", read.payload().get("displayName").asText());
    assertEquals("olá", read.payload().get("bio").asText());
  }

  @Test
  public void fieldsThatAreNotACacheDocumentAreRefusedByName() {
    Map<String, Object> fields = new java.util.HashMap<>(FirestoreCodec.toClientFields(profile()));
    fields.remove("expiresAt");
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
        () -> FirestoreCodec.fromClientFields(fields));
    assertEquals("not a cache document: field 'expiresAt' is missing, not a Timestamp",
        missing.getMessage());

    fields.put("expiresAt", "tomorrow");
    IllegalArgumentException wrongType = assertThrows(IllegalArgumentException.class,
        () -> FirestoreCodec.fromClientFields(fields));
    assertEquals("not a cache document: field 'expiresAt' is a String, not a Timestamp",
        wrongType.getMessage());
  }

  private static CacheDocument profile() {
    ProfileCard card = new ProfileCard("ana", "Ana \uD83C\uDF0A", 31, "female", "Lisbon",
        List.of("surf"), 3, "olá", true, AS_OF, AS_OF, 2);
    return CacheDocument.of(DocumentType.PROFILE.key("ana"), card,
        new CacheDocument.Provenance("profiles", "run-1", AS_OF, AS_OF.plusSeconds(5)),
        AS_OF.plusSeconds(86_400));
  }

  /** Sub-second times, to show the nanoseconds travel too. */
  private static CacheDocument feedPage() {
    FeedPage page = new FeedPage("ana", 0, 1, 20, 1, List.of(new FeedPage.Candidate(
        "bea", "Bea", 29, "Porto", 12, 4, List.of("surf"), 0.9)), "v1-ana");
    Instant computedAt = Instant.parse("2026-11-20T00:00:01.123456Z");
    return CacheDocument.of(DocumentType.FEED_PAGE.key("ana", 0), page,
        new CacheDocument.Provenance("feeds", "run-2", AS_OF, computedAt),
        computedAt.plusSeconds(21_600));
  }
}
