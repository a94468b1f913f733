package com.avalo.precompute.io;

import com.avalo.precompute.schemas.CacheDocument;
import java.io.Serializable;
import org.apache.beam.sdk.coders.DefaultCoder;

/**
 * One change to the cache: put a document, or delete the document under a key (pages a new run
 * no longer produces).
 */
// Beam infers this coder wherever a PCollection of these is made: Flink refuses to flatten
// branches with different coders, and SerializableCoder was many times slower (JsonRecordCoder).
@DefaultCoder(JsonRecordCoder.class)
public record CacheWrite(String key, CacheDocument document) implements Serializable {

  public static CacheWrite put(CacheDocument document) {
    return new CacheWrite(document.key(), document);
  }

  public static CacheWrite delete(String key) {
    return new CacheWrite(key, null);
  }

  public boolean isDelete() {
    return document == null;
  }
}
