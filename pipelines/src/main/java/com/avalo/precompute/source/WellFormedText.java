package com.avalo.precompute.source;

/**
 * Text made storable as UTF-8. A Java (or JavaScript) string may hold half of a surrogate pair on
 * its own, as a bio cut by UTF-16 units leaves half an emoji, and an export writes it as a
 * {@code \ud83d} escape; no UTF-8 store (Firestore, SQLite, a JSON file) can hold it. Each such
 * half is replaced by U+FFFD, the replacement character, as browsers and Node's encoders do, once
 * where the record is read, so that every runner, coder and store sees the same text.
 */
public final class WellFormedText {
  /** U+FFFD, shown by readers as a replaced character. */
  public static final char REPLACEMENT = '\uFFFD';

  private WellFormedText() {}

  /** {@code text} with each unpaired surrogate replaced by {@link #REPLACEMENT}; itself when none. */
  public static String of(String text) {
    int unpaired = firstUnpaired(text, 0);
    if (unpaired < 0) {
      return text;
    }
    char[] chars = text.toCharArray();
    do {
      chars[unpaired] = REPLACEMENT;
      // The next char never completes a pair with this one, or this one would not be unpaired.
      unpaired = firstUnpaired(text, unpaired + 1);
    } while (unpaired >= 0);
    return new String(chars);
  }

  /** The index of the first unpaired surrogate in {@code text}, or -1. */
  public static int firstUnpaired(String text) {
    return firstUnpaired(text, 0);
  }

  private static int firstUnpaired(String text, int from) {
    for (int i = from; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c) && i + 1 < text.length()
            && Character.isLowSurrogate(text.charAt(i + 1))) {
          i++; // a pair: one code point, kept
        } else {
          return i;
        }
      }
    }
    return -1;
  }
}
