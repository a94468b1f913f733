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
 * once at a time per key, and a read waits for one at most the client's load timeout: while the
 * cache is bypassed, a slower call fails the read (a batch as a whole) and runs on for the reads
 * after it, and a call no loader thread took up in time is dropped. Size the loader pool for the
 * origin's latency, and do not read through the same client from a loader: it would wait for the
 * threads it holds.
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
