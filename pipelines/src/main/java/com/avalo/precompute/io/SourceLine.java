package com.avalo.precompute.io;

import java.io.Serializable;

/**
 * One raw record of a source and where it came from, before parsing.
 *
 * @param origin where it came from: {@code users.ndjson:17}, {@code firestore:users/abc}
 * @param text the record's text
 * @param problem why the text cannot be a record whatever it says (its bytes are not UTF-8), the
 *     reason of its dead letter; null for a line that is text
 */
public record SourceLine(String origin, String text, String problem) implements Serializable {
  /** A line that is text. */
  public SourceLine(String origin, String text) {
    this(origin, text, null);
  }
}
