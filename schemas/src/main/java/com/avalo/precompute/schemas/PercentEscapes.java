package com.avalo.precompute.schemas;

/**
 * Where a text's percent-escapes go wrong: a {@code %} not followed by two hex digits. Count filter
 * values and metric qualifiers are percent-encoded in keys, and so are query strings.
 */
public final class PercentEscapes {
  private PercentEscapes() {}

  /** The index of the first {@code %} that starts no escape in {@code text}, or -1. */
  public static int firstMalformed(String text) {
    for (int i = text.indexOf('%'); i >= 0; i = text.indexOf('%', i + 1)) {
      if (i + 2 >= text.length() || !isAsciiHex(text.charAt(i + 1))
          || !isAsciiHex(text.charAt(i + 2))) {
        return i;
      }
    }
    return -1;
  }

  /** The malformed escape at {@code index} as written: {@code %ZZ}, {@code %2}, {@code %}. */
  public static String at(String text, int index) {
    return text.substring(index, Math.min(text.length(), index + 3));
  }

  /** What a percent-escape may hold; Character.digit would also take fullwidth digits. */
  private static boolean isAsciiHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }
}
