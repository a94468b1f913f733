package com.avalo.precompute.schemas;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.networknt.schema.JsonSchema;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;

/** The key patterns of the schemas accept exactly what {@link CacheKey#parse} accepts. */
public class KeyPatternTest {
  private static final String ID_128 = "a".repeat(128);

  static final List<String> VALID = List.of(
      "user:u_alice", "user:A-b_9", "user:" + ID_128, "user:u:stats", "user:u:tokens",
      "feed:u:0", "feed:u:12", "feed:u:999999", "matches:u", "chats:u", "chats:u:1", "chats:u:42",
      "count:users:all", "count:users:city=Krak%C3%B3w,status=active",
      "count:events:endpoint=%2Fv1%2Ffeed", "count:purchases:currency=PLN,status=completed",
      "count:likes:kind=superlike", "analytics:dau:2026-11-20",
      "analytics:api_latency_ms.p95:2026-11-20T13", "analytics:signups:2026-W47",
      "analytics:revenue.PLN:2026-11", "analytics:api_calls.%2Fv1%2Ffeed.firestore:2026-11-20",
      "post:p1", "media:m-1");

  static final List<String> INVALID = List.of(
      "", "user", "user:", "user:" + ID_128 + "b", "user:al/ice", "user:al ice", "user:alicé",
      "user:u:settings", "user:u:stats:x", "USER:u", "stats:u", "user:u\n", "user:u\r\n",
      "feed:u", "feed:u:-1", "feed:u:01", "feed:u:1000000", "feed:u:x", "matches:u:1",
      "chats:u:0", "chats:u:01", "chats:u:", "count:widgets:all", "count:users:",
      "count:users:status", "count:users:=x", "count:users:status=a b", "count:users:status=",
      "count:users:1a=x", "count:users:all,status=active", "count:users:status=a:b",
      "count:users:a=" + "x".repeat(520), "analytics:DAU:2026-11-20", "analytics:dau:2026-11-20T1",
      "analytics:dau:20261120", "analytics:dau:2026-W4", "analytics:dau:２０２６-11",
      "analytics::2026-11", "analytics:dau", "post:", "post:p:1", "media:m:1", ":u",
      // A '%' that starts no escape: values are percent-encoded whole, so no writer makes these.
      "count:users:city=%ZZ", "count:users:city=a%", "count:users:city=S%C3%2",
      "analytics:api_calls.%zz:2026-11-20");

  /**
   * Rules beyond JSON Schema: CacheKey.parse rejects these, the schema's pattern accepts them.
   * Writers build keys with CacheKey, so they never write them.
   */
  static final List<String> ACCEPTED_ONLY_BY_THE_SCHEMA = List.of(
      "count:users:status=active,city=Krak%C3%B3w", "count:users:city=a,city=b",
      "analytics:dau:2026-02-30", "analytics:dau:2025-W53", "analytics:dau:2026-02-29T10");

  private final DocumentValidator validator = DocumentValidator.instance();
  private final JsonSchema keySchema = validator.schema("envelope.json#/$defs/key");

  /** A payload's metric is its key's metric part: the two patterns must not drift apart. */
  @Test
  public void theAnalyticsPayloadsMetricPatternIsTheKeys() throws Exception {
    try (java.io.InputStream in =
        KeyPatternTest.class.getResourceAsStream("/avalo-schemas/json/v1/analytics.json")) {
      String pattern = Json.read(new String(in.readAllBytes(), StandardCharsets.UTF_8))
          .get("properties").get("metric").get("pattern").asText();
      assertEquals("^" + KeyPart.METRIC.regex() + "$", pattern);
    }
  }

  @Test
  public void samplesAreWhatCacheKeySaysTheyAre() {
    VALID.forEach(key -> assertTrue(key, CacheKey.isValid(key)));
    INVALID.forEach(key -> assertFalse(key, CacheKey.isValid(key)));
    ACCEPTED_ONLY_BY_THE_SCHEMA.forEach(key -> assertFalse(key, CacheKey.isValid(key)));
  }

  @Test
  public void keySchemaAcceptsWhatParseAccepts() {
    List<String> rejected = new ArrayList<>();
    for (String key : VALID) {
      if (!keySchema.validate(TextNode.valueOf(key)).isEmpty()) {
        rejected.add(key);
      }
    }
    assertEquals(List.of(), rejected);
  }

  @Test
  public void keySchemaRejectsWhatParseRejects() {
    List<String> accepted = new ArrayList<>();
    for (String key : INVALID) {
      if (keySchema.validate(TextNode.valueOf(key)).isEmpty()) {
        accepted.add(key);
      }
    }
    assertEquals(List.of(), accepted);
  }

  @Test
  public void knownGapsAreStillTheOnlyOnes() {
    for (String key : ACCEPTED_ONLY_BY_THE_SCHEMA) {
      assertEquals(key, 0, keySchema.validate(TextNode.valueOf(key)).size());
    }
  }

  /** In the envelope, a valid key passes with the type parse gives it and fails with any other. */
  @Test
  public void envelopeTiesEachKeyToTheTypeParseGivesIt() {
    for (String key : VALID) {
      DocumentType parsed = CacheKey.parse(key).type();
      for (DocumentType type : DocumentType.values()) {
        ObjectNode document = (ObjectNode) Json.read(SampleDocuments.document(type, true).toJson());
        document.put("key", key);
        boolean keyRejected = validator.validate(document).stream()
            .anyMatch(message -> message.startsWith("$.key: "));
        assertEquals(key + " as " + type.typeName(), type != parsed, keyRejected);
      }
    }
  }
}
