package com.avalo.precompute.source;

/** A source record that cannot be used; the message is the dead-letter reason. */
public final class BadRecordException extends Exception {
  public BadRecordException(String reason) {
    super(reason, null, false, false);
  }
}
