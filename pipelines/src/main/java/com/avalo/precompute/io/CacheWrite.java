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
  private transient CacheDocument document;

  CacheWrite(String key, String job, RenderedDocument rendered, CacheDocument document) {
    this.key = key;
    this.job = job;
    this.rendered = rendered;
    this.document = document;
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

  public String key() {
    return key;
  }

  public boolean isDelete() {
    return rendered == null;
  }

  /** The job that wrote the document; null for a delete. */
  public String job() {
    return job;
  }

  /** The document in its stored form; null for a delete. */
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
        && Objects.equals(job, that.job) && Objects.equals(rendered, that.rendered);
  }

  @Override
  public int hashCode() {
    return Objects.hash(key, rendered);
  }

  @Override
  public String toString() {
    return isDelete() ? "CacheWrite[delete " + key + "]" : "CacheWrite[put " + rendered.json() + "]";
  }
}
