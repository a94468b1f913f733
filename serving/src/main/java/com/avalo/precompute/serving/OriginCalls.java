package com.avalo.precompute.serving;

import com.avalo.precompute.schemas.CacheDocument;
import com.avalo.precompute.schemas.CacheKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Calls an {@link OriginLoader} and turns what it returns into a document of the key. */
final class OriginCalls {
  /** The job and run named in the envelope of documents the client wraps around origin payloads. */
  static final String ORIGIN_JOB = "origin";

  private OriginCalls() {}

  /**
   * Least life of an envelope around a bare payload: a type kept out of memory (TTL zero) must
   * still get its freshly computed value served fresh, not stale at the instant it was made.
   */
  static final Duration MIN_COMPUTED_LIFE = Duration.ofSeconds(1);

  /**
   * The origin's document for {@code key}; a bare payload is wrapped in an envelope computed at
   * {@code now} that expires after {@code ttl} (at least {@link #MIN_COMPUTED_LIFE}).
   *
   * @throws OriginLoadException when the loader throws or returns something else than a value of
   *     the key
   */
  static Optional<CacheDocument> load(OriginLoader loader, CacheKey key, Instant now, Duration ttl) {
    Optional<?> value;
    try {
      value = loader.load(key);
    } catch (Exception e) {
      throw new OriginLoadException("origin loader for " + key.type().typeName() + " failed on "
          + key + ": " + e, e);
    }
    if (value == null || value.isEmpty()) {
      return Optional.empty();
    }
    Object found = value.get();
    if (found instanceof CacheDocument document) {
      if (!document.key().equals(key.value())) {
        throw new OriginLoadException("origin loader for " + key.type().typeName()
            + " returned the document of " + document.key() + " when asked for " + key, null);
      }
      return Optional.of(document);
    }
    try {
      return Optional.of(CacheDocument.of(key, found,
          new CacheDocument.Provenance(ORIGIN_JOB, ORIGIN_JOB, now, now),
          now.plus(ttl.compareTo(MIN_COMPUTED_LIFE) < 0 ? MIN_COMPUTED_LIFE : ttl)));
    } catch (IllegalArgumentException e) {
      throw new OriginLoadException("origin loader returned a value of the wrong type: "
          + e.getMessage(), e);
    }
  }
}
