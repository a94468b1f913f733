package com.avalo.precompute.serving.store;

import com.avalo.precompute.schemas.CacheDocument;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The store answered, but what it holds under a key is not a cache document (a row edited by hand,
 * a write cut short). It is that key's fault, not the store's: it must not count as the store
 * failing, or one bad document would take every read of the store down with it.
 */
public final class UnreadableDocumentException extends RuntimeException {
  /**
   * The envelope's fields every writer sets and readers use. Parsing JSON leaves one a row lacks
   * null rather than refusing it, and a null reached the read path as a store outage (expiresAt)
   * or was served (payload).
   */
  private static final List<Map.Entry<String, Function<CacheDocument, Object>>> ENVELOPE = List.of(
      Map.entry("key", CacheDocument::key),
      Map.entry("type", CacheDocument::type),
      Map.entry("job", CacheDocument::job),
      Map.entry("runId", CacheDocument::runId),
      Map.entry("asOf", CacheDocument::asOf),
      Map.entry("computedAt", CacheDocument::computedAt),
      Map.entry("expiresAt", CacheDocument::expiresAt),
      Map.entry("contentHash", CacheDocument::contentHash),
      Map.entry("payload", CacheDocument::payload));

  private final String key;
  private final String reason;

  public UnreadableDocumentException(String key, String reason, Throwable cause) {
    super("the stored document '" + key + "' cannot be read (" + reason + ")", cause);
    this.key = key;
    this.reason = reason;
  }

  /**
   * What {@code decode} makes of the document stored under {@code key}, when it is that key's cache
   * document: one that does not decode, whose envelope lacks a field, or whose envelope names
   * another key (a row copied by hand, which would answer for a document it is not), is unreadable.
   */
  static CacheDocument decoded(String key, Supplier<CacheDocument> decode) {
    CacheDocument document;
    try {
      document = decode.get();
    } catch (UncheckedIOException | IllegalArgumentException e) {
      throw new UnreadableDocumentException(key, e.getMessage(), e);
    }
    for (Map.Entry<String, Function<CacheDocument, Object>> field : ENVELOPE) {
      if (field.getValue().apply(document) == null) {
        throw new UnreadableDocumentException(key, "its envelope has no '" + field.getKey() + "'",
            null);
      }
    }
    if (!key.equals(document.key())) {
      throw new UnreadableDocumentException(key, "it holds the document of '" + document.key()
          + "'", null);
    }
    return document;
  }

  /** The key whose stored document cannot be read. */
  public String key() {
    return key;
  }

  /** Why it cannot be read, without the key: for a list that names the keys itself. */
  public String reason() {
    return reason;
  }
}
