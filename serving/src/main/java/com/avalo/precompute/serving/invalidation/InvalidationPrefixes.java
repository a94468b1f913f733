package com.avalo.precompute.serving.invalidation;

import com.avalo.precompute.schemas.CacheKey;
import com.avalo.precompute.schemas.InvalidKeyException;
import java.util.regex.Pattern;

/**
 * What may be invalidated: a key, or a prefix of keys cut at a {@code :} boundary, as
 * {@link CacheKey#isUnderPrefix} matches them ({@code user:ab} covers {@code user:ab},
 * {@code user:ab:stats} and {@code user:ab:tokens}; {@code feed:ab} every feed page of ab;
 * {@code feed:} every feed page). The first segment must be one of the key grammar's prefixes.
 */
public final class InvalidationPrefixes {
  /** The first segments of every key form, then anything without '/' or white space. */
  static final Pattern PREFIX = Pattern.compile(
      "(" + String.join("|", CacheKey.prefixes()) + ")(:[^/\\s]*)?");

  private InvalidationPrefixes() {}

  /**
   * Checks that {@code keyOrPrefix} names keys of the grammar.
   *
   * @throws InvalidKeyException saying what an invalidation prefix looks like
   */
  public static String check(String keyOrPrefix) {
    if (keyOrPrefix == null || keyOrPrefix.length() > CacheKey.MAX_LENGTH
        || !PREFIX.matcher(keyOrPrefix).matches()) {
      throw new InvalidKeyException(String.valueOf(keyOrPrefix), "not a key or a key prefix to"
          + " invalidate; a prefix is a key cut at a ':' boundary, like user:{uid} or feed:{uid}");
    }
    return keyOrPrefix;
  }

  /**
   * Whether {@code keyOrPrefix} covers exactly one key, so that dropping it needs no scan: true
   * for a valid key that no other key extends. A profile key {@code user:{uid}} is extended by the
   * stats and tokens keys, the first chats page {@code chats:{uid}} by the later pages.
   */
  public static boolean coversOneKey(String keyOrPrefix) {
    return CacheKey.isValid(keyOrPrefix) && !CacheKey.parse(keyOrPrefix).isExtendedByOtherKeys();
  }
}
