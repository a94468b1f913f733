package com.avalo.precompute.schemas;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * The envelope every cache document carries (see {@code schemas/json/v1/envelope.json}).
 *
 * @param key the cache key, also the document id
 * @param type the {@link DocumentType#typeName()} of the payload
 * @param schemaVersion version of the payload's schema
 * @param job the job that wrote the document ({@code feeds}, {@code profiles}, ...)
 * @param runId the run of that job; documents of one run share it
 * @param asOf the snapshot time the content was computed as of; same asOf, same content
 * @param computedAt when the run computed it
 * @param expiresAt after this instant a reader must not treat the document as fresh
 * @param contentHash {@code sha256:} of the canonical payload JSON; equal content, equal hash
 * @param payload the type's payload
 */
public record CacheDocument(
    String key,
    String type,
    int schemaVersion,
    String job,
    String runId,
    Instant asOf,
    Instant computedAt,
    Instant expiresAt,
    String contentHash,
    JsonNode payload) implements Serializable {

  /** Who wrote a document and when: the same for every document of one run of one job. */
  public record Provenance(String job, String runId, Instant asOf, Instant computedAt)
      implements Serializable {}

  /**
   * Wraps a payload in the envelope, validating the key and checking that the payload is of the
   * type the key addresses.
   */
  public static CacheDocument of(CacheKey key, Object payload, Provenance run, Instant expiresAt) {
    checkPayload(key, payload);
    JsonNode tree = Json.canonicalTree(payload);
    return new CacheDocument(key.value(), key.type().typeName(), key.type().schemaVersion(),
        run.job(), run.runId(), run.asOf(), run.computedAt(), expiresAt, hashOf(tree), tree);
  }

  /**
   * The stored form of the document {@link #of} would build: its content hash and its JSON
   * ({@link #toJson}) in UTF-8, written straight from the payload. A writer that only stores
   * documents needs no tree, and building one for every document was the largest cost of making
   * a feed page (JFR, 100,000 users).
   */
  public static Rendering render(CacheKey key, Object payload, Provenance run, Instant expiresAt) {
    checkPayload(key, payload);
    // The payload is serialized once, in its canonical form: hashed, then stored as it is. Writing
    // it a second time for storage was half of the JSON work of a feeds run (JFR, 100,000 users).
    byte[] canonical = Json.canonicalValueBytes(payload);
    String contentHash = sha256(canonical);
    byte[] json = Json.writeBytes(new Envelope(key.value(), key.type().typeName(),
        key.type().schemaVersion(), run.job(), run.runId(), run.asOf(), run.computedAt(),
        expiresAt, contentHash, new RawJson(canonical)));
    return new Rendering(contentHash, json);
  }

  /**
   * What {@link #render} gives.
   *
   * @param contentHash the envelope's {@code contentHash}
   * @param json the document's JSON in UTF-8, byte for byte what {@link #toJson} writes
   */
  public record Rendering(String contentHash, byte[] json) {}

  // The envelope's fields in CacheDocument's order, with the payload's canonical JSON copied in as
  // it is: Jackson writes both the same way.
  record Envelope(String key, String type, int schemaVersion, String job, String runId,
      Instant asOf, Instant computedAt, Instant expiresAt, String contentHash, RawJson payload) {}

  private static void checkPayload(CacheKey key, Object payload) {
    Class<?> expected = key.type().payloadClass();
    if (!expected.isInstance(payload)) {
      throw new IllegalArgumentException("key " + key + " holds a " + expected.getSimpleName()
          + ", not a " + payload.getClass().getSimpleName());
    }
  }

  /** {@code sha256:} and the hex digest of the payload's canonical JSON. */
  public static String hashOf(JsonNode payload) {
    return sha256(Json.canonicalBytes(payload));
  }

  private static String sha256(byte[] canonical) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical);
      return "sha256:" + HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** The parsed key. */
  @JsonIgnore
  public CacheKey cacheKey() {
    return CacheKey.parse(key);
  }

  /** The document type. */
  @JsonIgnore
  public DocumentType documentType() {
    return DocumentType.fromTypeName(type);
  }

  /** Whether a reader at {@code now} may treat this document as fresh. */
  public boolean isFreshAt(Instant now) {
    return now.isBefore(expiresAt);
  }

  /** Binds the payload to its record type. */
  public <T> T payloadAs(Class<T> payloadClass) {
    try {
      return Json.MAPPER.treeToValue(payload, payloadClass);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(
          "payload of " + key + " is not a " + payloadClass.getSimpleName(), e);
    }
  }

  /** The document as compact JSON. */
  public String toJson() {
    return Json.write(this);
  }

  /**
   * Size of the JSON form in bytes as it is stored ({@link Json#writeBytes}), the measure checked
   * against Firestore's 1 MiB limit.
   */
  public int jsonSizeBytes() {
    return Json.writeBytes(this).length;
  }

  /** Parses a document from its JSON form in UTF-8. */
  public static CacheDocument fromJson(byte[] jsonUtf8) {
    try {
      return Json.MAPPER.readValue(jsonUtf8, CacheDocument.class);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("not a cache document: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("not a cache document: " + e.getMessage(), e);
    }
  }

  /** Parses a document from its JSON form. */
  public static CacheDocument fromJson(String json) {
    try {
      return Json.MAPPER.readValue(json, CacheDocument.class);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("not a cache document: " + e.getOriginalMessage(), e);
    }
  }

  /** The content hash of a document, recomputed: equal to {@link #contentHash()} when intact. */
  public String recomputeHash() {
    return hashOf(payload);
  }
}
