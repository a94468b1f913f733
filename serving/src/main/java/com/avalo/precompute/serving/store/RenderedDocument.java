package com.avalo.precompute.serving.store;

import com.avalo.precompute.schemas.CacheDocument;
import java.io.Serializable;
import java.time.Instant;

/**
 * A cache document in its stored form: its JSON ({@link CacheDocument#toJson}), rendered once,
 * with the envelope fields a store keeps beside it. A writer that already holds the JSON (the
 * pipelines render each document once, where it is built) hands it to
 * {@link CacheStore#writeRendered} so that the store does not serialize the document again.
 *
 * @param key the cache key
 * @param type the document type's name
 * @param expiresAt the envelope's {@code expiresAt}
 * @param contentHash the envelope's {@code contentHash}
 * @param json the whole document as compact JSON, exactly as {@link CacheDocument#toJson} writes it
 */
public record RenderedDocument(String key, String type, Instant expiresAt, String contentHash,
    String json) implements Serializable {

  /** The stored form of {@code document}. */
  public static RenderedDocument of(CacheDocument document) {
    return new RenderedDocument(document.key(), document.type(), document.expiresAt(),
        document.contentHash(), document.toJson());
  }

  /** The document again, parsed from its JSON. */
  public CacheDocument parse() {
    return CacheDocument.fromJson(json);
  }
}
