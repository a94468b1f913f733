package com.avalo.precompute.serving;

import com.avalo.precompute.schemas.CacheKey;
import java.util.Optional;

/**
 * Computes a document the slow way, from the app's source data, for keys whose cache document
 * is expired ({@link ExpiredPolicy#ORIGIN}) or for every read while the cache is bypassed
 * ({@link FeatureFlags#setBypassCache}). The backend registers one per document type with
 * {@link CacheClientBuilder#originLoader}.
 *
 * <p>Return either a whole {@link com.avalo.precompute.schemas.CacheDocument} for the key, or just
 * its payload (an instance of {@code key.type().payloadClass()}, e.g. a {@code ProfileCard}), which
 * the client wraps in an envelope from job {@code origin} that expires after the type's memory
 * TTL. Return empty when the key has no value. Loaders run on the client's loader threads, at most
 * once at a time per key.
 */
@FunctionalInterface
public interface OriginLoader {

  /**
   * The value of {@code key}: a {@code CacheDocument}, a payload of the key's type, or empty.
   *
   * @throws Exception when the value cannot be computed; the client falls back to a stale value,
   *     as it does when the call outlasts {@link CacheClientBuilder#loadTimeout}
   */
  Optional<?> load(CacheKey key) throws Exception;
}
