package com.avalo.precompute.serving;

import com.avalo.precompute.schemas.CacheDocument;
import com.avalo.precompute.schemas.CacheKey;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.Function;

/**
 * A page of a paged list (feed pages, chat lists) read for a reader who holds another page of
 * the same list, checked against that page's {@code listVersion} so that a reader never combines
 * pages of two versions of one list: a run whose writes are still in flight, or a page 0 kept in
 * memory from an older run beside a page N loaded from a newer one, would otherwise give
 * duplicates or gaps.
 *
 * @param read the page as read (after a reread from the store when memory disagreed)
 * @param consistency whether it belongs to the version asked for
 * @param listVersion the version of the page returned, or of the list in the store when it
 *     changed; null for a missing page or a document written before list versions existed
 */
public record PageRead(CacheRead read, Consistency consistency, String listVersion) {

  /** How the page relates to the version the reader holds. */
  public enum Consistency {
    /** The page is of the version asked for (or none was asked for, or the page is unversioned). */
    SAME_LIST,
    /**
     * The list changed since the reader's page was read: the store's page 0 and this page agree
     * on {@link #listVersion()}. Start again from page 0.
     */
    LIST_CHANGED,
    /**
     * The store's page 0 and this page disagree with each other: a run is writing the list right
     * now. Retry shortly.
     */
    STORE_MIXED
  }

  /** The {@code listVersion} of a page document's payload, or null when it has none. */
  public static String versionOf(CacheDocument document) {
    if (document == null) {
      return null;
    }
    JsonNode version = document.payload().get("listVersion");
    return version == null || version.isNull() ? null : version.asText();
  }

  /**
   * Reads page {@code key} for a reader holding version {@code expected}: through {@code read},
   * and, when that disagrees, again through {@code reread} (which must bypass any memory tier)
   * unless {@code read} had just asked the store, page 0 with it, to tell a changed list from one
   * being written.
   *
   * @throws IllegalArgumentException when {@code key} is not of a paged type
   */
  static PageRead check(CacheKey key, String expected, Function<CacheKey, CacheRead> read,
      Function<CacheKey, CacheRead> reread) {
    if (!key.type().isPaged()) {
      throw new IllegalArgumentException(key + " is not a page of a list");
    }
    CacheRead page = read.apply(key);
    String version = versionOf(page.document());
    if (expected == null || expected.equals(version)
        || (version == null && page.document() != null)) {
      return new PageRead(page, Consistency.SAME_LIST, version);
    }
    if (page.layer() != CacheRead.Layer.STORE) {
      // A page just read from the store would be read again for nothing.
      page = reread.apply(key);
      version = versionOf(page.document());
    }
    if (expected.equals(version)) {
      return new PageRead(page, Consistency.SAME_LIST, version);
    }
    CacheKey first = key.type().key(key.subject(), 0);
    String firstVersion = key.equals(first) ? version : versionOf(reread.apply(first).document());
    if (page.document() == null) {
      // No such page: the end of the reader's list, unless the list itself changed.
      return expected.equals(firstVersion) ? new PageRead(page, Consistency.SAME_LIST, firstVersion)
          : new PageRead(page, Consistency.LIST_CHANGED, firstVersion);
    }
    return firstVersion != null && firstVersion.equals(version)
        ? new PageRead(page, Consistency.LIST_CHANGED, version)
        : new PageRead(page, Consistency.STORE_MIXED, firstVersion);
  }
}
