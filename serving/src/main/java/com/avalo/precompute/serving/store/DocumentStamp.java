package com.avalo.precompute.serving.store;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/**
 * What a run needs to know of a stored document to decide whether to write it again: its key,
 * the job that owns it, its content hash, its schema version and when it stops being fresh; never
 * the payload. The version is there because {@code contentHash} covers the payload only: after a
 * type's version changes, a document whose payload reads the same must still be written again, or
 * readers of the new version take it as a miss until it expires. A run
 * manifest is a list of these, and a store can list them for one job
 * ({@link CacheStore#forEachStamp}) when there is no manifest to trust.
 *
 * @param key the cache key
 * @param job the job that wrote the document
 * @param contentHash the envelope's {@code contentHash}
 * @param expiresAt the envelope's {@code expiresAt} as stored
 * @param schemaVersion the envelope's {@code schemaVersion}; 0 (not recorded) reads as
 *     {@link #UNRECORDED_VERSION}
 */
public record DocumentStamp(String key, String job, String contentHash, Instant expiresAt,
    int schemaVersion) implements Serializable {
  /**
   * The version a stamp without one stands for: manifests written before stamps carried the
   * version lack it, and every type was at version 1 then.
   */
  public static final int UNRECORDED_VERSION = 1;
  /**
   * The hash of a stored document whose {@code contentHash} is missing or unreadable (edited by
   * hand): equal to no computed hash, so that a run rewrites the document rather than failing.
   */
  public static final String NO_HASH = "";
  /** The expiry of a stored document whose {@code expiresAt} is missing or unreadable: long past. */
  public static final Instant NO_EXPIRY = Instant.EPOCH;

  public DocumentStamp {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(job, "job");
    Objects.requireNonNull(contentHash, "contentHash");
    Objects.requireNonNull(expiresAt, "expiresAt");
    if (schemaVersion == 0) {
      schemaVersion = UNRECORDED_VERSION;
    }
  }
}
