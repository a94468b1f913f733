package com.avalo.precompute.schemas;

import java.util.List;

/**
 * The version of a paged list ({@link FeedPage}, {@link ChatList}), carried by every page of it:
 * a digest of the whole ordered list and its page count, so two pages belong to the same list
 * exactly when their versions are equal, whichever run wrote them. Any change to the list changes
 * every page's content, so a run that writes only what changed rewrites all of a list's pages
 * together.
 */
public final class ListVersion {
  /** Hex digits kept of the SHA-256: 64 bits, so two versions of one list never collide in practice. */
  private static final int HEX_DIGITS = 16;

  private ListVersion() {}

  /**
   * The version of a list given as the values that define it (its page count and totals, and
   * every entry in order), hashed as canonical JSON.
   */
  public static String of(List<?> definingValues) {
    String hash = CacheDocument.hashOf(Json.MAPPER.valueToTree(definingValues));
    return "v1-" + hash.substring("sha256:".length(), "sha256:".length() + HEX_DIGITS);
  }
}
