package com.avalo.precompute.schemas;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.function.Consumer;
import org.junit.Test;

/** Broken documents fail, and the messages name the offending field. */
public class DocumentValidatorRejectsTest {
  private final DocumentValidator validator = DocumentValidator.instance();

  @Test
  public void missingPayloadField() {
    List<String> violations = broken(DocumentType.PROFILE, doc -> payload(doc).remove("displayName"));
    assertNamed(violations, "$.payload", "displayName");
  }

  @Test
  public void missingFieldInsideAListEntry() {
    List<String> violations = broken(DocumentType.CHATS,
        doc -> ((ObjectNode) payload(doc).withArray("chats").get(0)).remove("unreadCount"));
    assertNamed(violations, "$.payload.chats[0]", "unreadCount");
  }

  @Test
  public void wrongTypeOfPayloadField() {
    List<String> violations =
        broken(DocumentType.USER_STATS, doc -> payload(doc).put("likesGiven", "120"));
    assertNamed(violations, "$.payload.likesGiven", "integer");
  }

  @Test
  public void fractionWhereACountIsExpected() {
    List<String> violations =
        broken(DocumentType.FEED_PAGE, doc -> payload(doc).put("totalCandidates", 6.5));
    assertNamed(violations, "$.payload.totalCandidates", "integer");
  }

  @Test
  public void countTooLargeForTheJavaIntThatHoldsIt() {
    // Valid up to here: the Java payload (an int) could not decode a larger one.
    assertEquals(List.of(), broken(DocumentType.PROFILE,
        doc -> payload(doc).put("photoCount", Integer.MAX_VALUE)));
    List<String> violations = broken(DocumentType.PROFILE,
        doc -> payload(doc).put("photoCount", Integer.MAX_VALUE + 1L));
    assertNamed(violations, "$.payload.photoCount", "2147483647");
    // A long field takes it.
    assertEquals(List.of(), broken(DocumentType.USER_STATS,
        doc -> payload(doc).put("likesGiven", Integer.MAX_VALUE + 1L)));
  }

  @Test
  public void nullWhereTheRecordDoesNotAllowIt() {
    List<String> violations = broken(DocumentType.POST, doc -> payload(doc).putNull("authorName"));
    assertNamed(violations, "$.payload.authorName", "string");
  }

  @Test
  public void responseRateOutsideZeroToOne() {
    List<String> violations =
        broken(DocumentType.USER_STATS, doc -> payload(doc).put("responseRate", 1.5));
    assertNamed(violations, "$.payload.responseRate", "1");
  }

  @Test
  public void badKey() {
    List<String> violations = broken(DocumentType.PROFILE, doc -> doc.put("key", "user:al/ice"));
    assertNamed(violations, "$.key", "pattern");
  }

  @Test
  public void keyOfAnotherType() {
    List<String> violations = broken(DocumentType.PROFILE, doc -> doc.put("key", "user:u_alice:stats"));
    assertNamed(violations, "$.key", "^user:[A-Za-z0-9_-]{1,128}$");
  }

  @Test
  public void keyWithATrailingNewline() {
    List<String> violations = broken(DocumentType.PROFILE, doc -> doc.put("key", "user:u_alice\n"));
    assertNamed(violations, "$.key", "must not be valid");
  }

  /**
   * Patterns are ECMA-262's, as a TypeScript backend's Ajv reads them: with java.util.regex, $
   * also matched before a final newline, so the Java validator passed what Ajv refuses.
   */
  @Test
  public void contentHashWithATrailingNewline() {
    List<String> violations = broken(DocumentType.MEDIA,
        doc -> doc.put("contentHash", doc.get("contentHash").asText() + "\n"));
    assertNamed(violations, "$.contentHash", "pattern");
  }

  @Test
  public void badContentHash() {
    List<String> violations =
        broken(DocumentType.MEDIA, doc -> doc.put("contentHash", "sha256:ABC"));
    assertNamed(violations, "$.contentHash", "pattern");
  }

  @Test
  public void unknownType() {
    List<String> violations = broken(DocumentType.POST, doc -> doc.put("type", "story"));
    assertNamed(violations, "$.type", "enum");
  }

  @Test
  public void timestampNotInUtc() {
    List<String> violations =
        broken(DocumentType.MATCHES, doc -> doc.put("expiresAt", "2026-11-20T15:00:00+02:00"));
    assertNamed(violations, "$.expiresAt", "pattern");
  }

  @Test
  public void timestampThatIsNotADate() {
    List<String> violations =
        broken(DocumentType.MEDIA, doc -> payload(doc).put("createdAt", "2026-13-45T99:00:00Z"));
    assertNamed(violations, "$.payload.createdAt", "date-time");
  }

  @Test
  public void missingEnvelopeField() {
    List<String> violations = broken(DocumentType.COUNT, doc -> doc.remove("expiresAt"));
    assertNamed(violations, "$", "expiresAt");
  }

  @Test
  public void unknownSchemaVersion() {
    List<String> violations = broken(DocumentType.COUNT, doc -> doc.put("schemaVersion", 2));
    assertNamed(violations, "$.schemaVersion", "1");
  }

  @Test
  public void analyticsPeriodOfAnotherGranularity() {
    List<String> violations =
        broken(DocumentType.ANALYTICS, doc -> payload(doc).put("period", "2026-11-20"));
    assertNamed(violations, "$.payload.period", "pattern");
  }

  @Test
  public void payloadOnlyCheckNamesTheFieldRelativeToThePayload() {
    ObjectNode payload = Json.MAPPER.valueToTree(SampleDocuments.payload(DocumentType.MATCHES, true));
    ((ObjectNode) ((ArrayNode) payload.get("matches")).get(0).get("other")).remove("uid");
    List<String> violations = validator.validatePayload(DocumentType.MATCHES, payload);
    assertNamed(violations, "$.matches[0].other", "uid");
  }

  @Test
  public void unknownPropertiesAreAllowedForForwardCompatibility() {
    assertEquals(List.of(), broken(DocumentType.PROFILE, doc -> {
      doc.put("writerVersion", "0.2.0");
      payload(doc).put("pronouns", "she/her");
    }));
  }

  @Test
  public void textThatIsNotJson() {
    assertNamed(validator.validate("{\"key\": "), "$", "not JSON");
  }

  private List<String> broken(DocumentType type, Consumer<ObjectNode> breakIt) {
    ObjectNode document = (ObjectNode) Json.read(SampleDocuments.document(type, true).toJson());
    breakIt.accept(document);
    return validator.validate(document);
  }

  private static ObjectNode payload(ObjectNode document) {
    return (ObjectNode) document.get("payload");
  }

  /** Some violation is at {@code path} (exactly) and mentions {@code word}. */
  private static void assertNamed(List<String> violations, String path, String word) {
    assertFalse("expected a violation at " + path, violations.isEmpty());
    assertTrue("no violation at " + path + " mentioning '" + word + "' in " + violations,
        violations.stream().anyMatch(v -> v.startsWith(path + ": ") && v.contains(word)));
  }

}
