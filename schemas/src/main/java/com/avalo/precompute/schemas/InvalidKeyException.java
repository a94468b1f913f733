package com.avalo.precompute.schemas;

/** A cache key that does not follow the key grammar of {@link CacheKey}. */
public final class InvalidKeyException extends IllegalArgumentException {
  private final String key;
  private final boolean tooLong;

  public InvalidKeyException(String key, String reason) {
    this(key, reason, false);
  }

  private InvalidKeyException(String key, String reason, boolean tooLong) {
    super("invalid cache key '" + key + "': " + reason + ". " + CacheKey.GRAMMAR_HELP);
    this.key = key;
    this.tooLong = tooLong;
  }

  /** A key over {@link CacheKey#MAX_LENGTH}, shown by its first 40 characters. */
  static InvalidKeyException tooLong(String key) {
    return new InvalidKeyException(key.substring(0, 40) + "...",
        "longer than " + CacheKey.MAX_LENGTH + " characters (" + key.length() + ")", true);
  }

  /** The rejected key, as given (cut short when it is {@link #tooLong}). */
  public String key() {
    return key;
  }

  /**
   * Whether the key was refused only for its length, which callers that answer requests report
   * as a request too large rather than a malformed one.
   */
  public boolean tooLong() {
    return tooLong;
  }
}
