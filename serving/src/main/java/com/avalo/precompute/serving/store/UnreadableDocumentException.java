package com.avalo.precompute.serving.store;

/**
 * The store answered, but what it holds under a key is not a cache document (a row edited by hand,
 * a write cut short). It is that key's fault, not the store's: it must not count as the store
 * failing, or one bad document would take every read of the store down with it.
 */
public final class UnreadableDocumentException extends RuntimeException {
  private final String key;

  public UnreadableDocumentException(String key, String reason, Throwable cause) {
    super("the stored document '" + key + "' cannot be read (" + reason + ")", cause);
    this.key = key;
  }

  /** The key whose stored document cannot be read. */
  public String key() {
    return key;
  }
}
