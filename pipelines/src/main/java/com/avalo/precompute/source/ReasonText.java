package com.avalo.precompute.source;

/**
 * How a dead-letter reason shows the values it is about: at most {@link #MAX_QUOTED_CHARS} of
 * each, and at most {@link #MAX_REASON_CHARS} in all. A reason is for a person to read; the record
 * itself travels in the dead letter's payload, so a 3 MB field is never copied into its reason.
 */
public final class ReasonText {
  /** The longest excerpt of one offending value a reason quotes. */
  public static final int MAX_QUOTED_CHARS = 200;
  /**
   * The longest reason kept, whatever built it (a store's or a parser's message included): room
   * for two quoted values and what is wrong with them.
   */
  public static final int MAX_REASON_CHARS = 500;

  private ReasonText() {}

  /** {@code value} as a reason quotes it: its text, cut to {@link #MAX_QUOTED_CHARS} and marked. */
  public static String quote(Object value) {
    return cut(String.valueOf(value), MAX_QUOTED_CHARS);
  }

  /** A whole reason, cut to {@link #MAX_REASON_CHARS} and marked; null stays null. */
  public static String cap(String reason) {
    return cut(reason, MAX_REASON_CHARS);
  }

  /**
   * {@code text} cut to at most {@code max} chars, the mark of its length included; null stays
   * null. What it returns is returned as it is when cut again, so a cut record decodes unchanged.
   */
  public static String cut(String text, int max) {
    if (text == null || text.length() <= max) {
      return text; // the common case: no mark to build
    }
    return cut(text, max, "...(" + text.length() + " chars)");
  }

  /**
   * {@code text} cut to at most {@code max} chars ending in {@code mark}, when it is longer;
   * null stays null.
   */
  public static String cut(String text, int max, String mark) {
    if (text == null || text.length() <= max) {
      return text;
    }
    return text.substring(0, cutPoint(text, max - mark.length())) + mark;
  }

  /**
   * Where to cut {@code text} to at most {@code max} chars: {@code max}, or one less where that
   * would split a surrogate pair (half an emoji). {@code text} is longer than {@code max}.
   */
  public static int cutPoint(String text, int max) {
    return Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
  }
}
