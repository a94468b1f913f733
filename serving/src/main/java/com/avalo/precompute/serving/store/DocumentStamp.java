package com.avalo.precompute.serving.store;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/**
 * What a run needs to know of a stored document to decide whether to write it again: its key,
 * the job that owns it, its content hash and when it stops being fresh; never the payload. A run
 * manifest is a list of these, and a store can list them for one job
 * ({@link CacheStore#forEachStamp}) when there is no manifest to trust.
 *
 * @param key the cache key
 * @param job the job that wrote the document
 * @param contentHash the envelope's {@code contentHash}
 * @param expiresAt the envelope's {@code expiresAt} as stored
 */
public record DocumentStamp(String key, String job, String contentHash, Instant expiresAt)
    implements Serializable {

  public DocumentStamp {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(job, "job");
    Objects.requireNonNull(contentHash, "contentHash");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }
}
