package com.avalo.precompute.io;

import com.avalo.precompute.schemas.CacheDocument;
import com.avalo.precompute.serving.store.RenderedDocument;
import java.io.Serializable;
import java.util.Objects;
import org.apache.beam.sdk.coders.DefaultCoder;

/**
 * One change to the cache: put a document, or delete the document under a key (pages a new run
 * no longer produces).
 *
 * <p>A job may also mark a page as <em>withheld with its list</em> ({@link #withheldWithItsList}):
 * one page of a paged list is too big to store, so none of the list's pages is written and the
 * copies already stored, all of one {@code listVersion}, are kept together. Writing the pages that
 * fit would leave a reader a list of two versions, refused at the stale page until it expired. A
 * page slot the new list does not fill is withheld too ({@link #withheldSlot}), so that the diff
 * keeps rather than deletes the old list's page there. Withheld writes end at
 * {@link com.avalo.precompute.store.RefuseOversizedDocuments}; no writer sees one.
 *
 * <p>A put carries its document rendered to JSON once, where it is built ({@link #rendered()}):
 * every writer needs that text (its size is checked against Firestore's limit, SQLite stores it),
 * and between steps a put travels as that text and a few fields ({@link CacheWriteCoder}). The
 * {@link #document()} is parsed back from it only when asked for.
 */
// Beam infers this coder wherever a PCollection of these is made: Flink refuses to flatten
// branches with different coders.
@DefaultCoder(CacheWriteCoder.class)
public final class CacheWrite implements Serializable {
  private final String key;
  private final String job;
  private final RenderedDocument rendered;
  private final boolean withheld;
  private transient CacheDocument document;

  CacheWrite(String key, String job, RenderedDocument rendered, CacheDocument document) {
    this(key, job, rendered, document, false);
  }

  private CacheWrite(String key, String job, RenderedDocument rendered, CacheDocument document,
      boolean withheld) {
    this.key = key;
    this.job = job;
    this.rendered = rendered;
    this.document = document;
    this.withheld = withheld;
  }

  public static CacheWrite put(CacheDocument document) {
    return new CacheWrite(document.key(), document.job(), RenderedDocument.of(document), document);
  }

  /** A put of a document already rendered (by {@link RunContext#put}), without its tree. */
  public static CacheWrite put(String job, RenderedDocument rendered) {
    return new CacheWrite(rendered.key(), job, rendered, null);
  }

  public static CacheWrite delete(String key) {
    return new CacheWrite(key, null, null, null);
  }

  /** A page slot of {@code job}'s list left empty by a list that is withheld: keep what is there. */
  public static CacheWrite withheldSlot(String job, String key) {
    return new CacheWrite(key, job, null, null, true);
  }

  /** This put, not to be written because a page of its list cannot be. */
  public CacheWrite withheldWithItsList() {
    if (isDelete()) {
      throw new IllegalStateException("a delete of " + key + " cannot be withheld");
    }
    return new CacheWrite(key, job, rendered, document, true);
  }

  public String key() {
    return key;
  }

  public boolean isDelete() {
    return rendered == null && !withheld;
  }

  /** True for a page withheld with its list, or a withheld slot ({@link #withheldSlot}). */
  public boolean isWithheld() {
    return withheld;
  }

  /** The job that wrote the document; null for a delete. */
  public String job() {
    return job;
  }

  /** The document in its stored form; null for a delete or a withheld slot. */
  public RenderedDocument rendered() {
    return rendered;
  }

  /** The document; null for a delete. */
  public CacheDocument document() {
    if (document == null && rendered != null) {
      document = rendered.parse();
    }
    return document;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof CacheWrite that && key.equals(that.key)
        && Objects.equals(job, that.job) && Objects.equals(rendered, that.rendered)
        && withheld == that.withheld;
  }

  @Override
  public int hashCode() {
    return Objects.hash(key, rendered);
  }

  @Override
  public String toString() {
    if (isDelete()) {
      return "CacheWrite[delete " + key + "]";
    }
    String withheldWord = withheld ? "withheld " : "";
    return rendered == null ? "CacheWrite[withheld slot " + key + "]"
        : "CacheWrite[" + withheldWord + "put " + rendered.json() + "]";
  }
}
