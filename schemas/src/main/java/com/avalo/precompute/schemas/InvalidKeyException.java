package com.avalo.precompute.schemas;

/** A cache key that does not follow the key grammar of {@link CacheKey}. */
public final class InvalidKeyException extends IllegalArgumentException {
  private final String key;

  public InvalidKeyException(String key, String reason) {
    super("invalid cache key '" + key + "': " + reason + ". " + CacheKey.GRAMMAR_HELP);
    this.key = key;
  }

  /** The rejected key, as given. */
  public String key() {
    return key;
  }
}
