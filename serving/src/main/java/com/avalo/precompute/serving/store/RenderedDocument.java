package com.avalo.precompute.serving.store;

import com.avalo.precompute.schemas.CacheDocument;
import com.avalo.precompute.schemas.CacheKey;
import com.avalo.precompute.schemas.Json;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * A cache document in its stored form: its JSON ({@link CacheDocument#toJson}) as UTF-8 bytes,
 * rendered once, with the envelope fields a store keeps beside it. A writer that already holds the
 * JSON (the pipelines render each document once, where it is built) hands it to
 * {@link CacheStore#writeRendered} so that the store does not serialize the document again.
 *
 * <p>The JSON is kept as bytes, not text: the pipelines move each document between steps a few
 * times, and decoding UTF-8 into a {@code String} at every step was a quarter of the CPU of a
 * feeds run (JFR, 100,000 users); bytes are copied, and SQLite and the size check take them as
 * they are. The array is not copied: it is never modified after rendering.
 */
public final class RenderedDocument implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String key;
  private final String type;
  private final Instant expiresAt;
  private final String contentHash;
  private final byte[] jsonUtf8;

  /**
   * @param key the cache key
   * @param type the document type's name
   * @param expiresAt the envelope's {@code expiresAt}
   * @param contentHash the envelope's {@code contentHash}
   * @param jsonUtf8 the whole document as compact JSON in UTF-8, exactly as
   *     {@link CacheDocument#toJson} writes it; not copied, so not to be modified afterwards
   */
  public RenderedDocument(String key, String type, Instant expiresAt, String contentHash,
      byte[] jsonUtf8) {
    this.key = Objects.requireNonNull(key, "key");
    this.type = Objects.requireNonNull(type, "type");
    this.expiresAt = Objects.requireNonNull(expiresAt, "expiresAt");
    this.contentHash = Objects.requireNonNull(contentHash, "contentHash");
    this.jsonUtf8 = Objects.requireNonNull(jsonUtf8, "jsonUtf8");
  }

  /** The stored form of {@code document}. */
  public static RenderedDocument of(CacheDocument document) {
    return new RenderedDocument(document.key(), document.type(), document.expiresAt(),
        document.contentHash(), Json.writeBytes(document));
  }

  /**
   * The stored form of the document {@code CacheDocument.of(key, payload, run, expiresAt)} would
   * build, written straight from the payload ({@link CacheDocument#render}): no tree is built.
   */
  public static RenderedDocument render(CacheKey key, Object payload, CacheDocument.Provenance run,
      Instant expiresAt) {
    CacheDocument.Rendering rendering = CacheDocument.render(key, payload, run, expiresAt);
    return new RenderedDocument(key.value(), key.type().typeName(), expiresAt,
        rendering.contentHash(), rendering.json());
  }

  public String key() {
    return key;
  }

  public String type() {
    return type;
  }

  public Instant expiresAt() {
    return expiresAt;
  }

  public String contentHash() {
    return contentHash;
  }

  /** The JSON's UTF-8 bytes, shared, not copied: read them, never write to them. */
  public byte[] jsonUtf8() {
    return jsonUtf8;
  }

  /** The JSON as text (decoded on each call). */
  public String json() {
    return new String(jsonUtf8, StandardCharsets.UTF_8);
  }

  /** The document again, parsed from its JSON. */
  public CacheDocument parse() {
    return CacheDocument.fromJson(jsonUtf8);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof RenderedDocument that && key.equals(that.key)
        && type.equals(that.type) && expiresAt.equals(that.expiresAt)
        && contentHash.equals(that.contentHash) && Arrays.equals(jsonUtf8, that.jsonUtf8);
  }

  @Override
  public int hashCode() {
    return Objects.hash(key, contentHash, Arrays.hashCode(jsonUtf8));
  }

  @Override
  public String toString() {
    return "RenderedDocument[" + key + ", " + type + ", " + contentHash + ", "
        + jsonUtf8.length + " bytes]";
  }
}
