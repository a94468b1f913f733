package com.avalo.precompute.serving.store;

import java.util.regex.Pattern;

/**
 * Groups dead-letter reasons by kind for the {@link RunLedger}: a reason names the values it is
 * about ("refers to missing user 3x9Kq7Lm2", "latencyMs -5 is negative"), so a run with many bad
 * records would otherwise keep one line per record. The kind is the reason before any detail
 * after {@code ": "}, its numbers, ids and long quotes masked.
 */
public final class DeadLetterReasons {
  /** Longest kind kept: a reason is for people, and the ledger record must stay small. */
  static final int MAX_KIND = 160;
  private static final Pattern LONG_QUOTE = Pattern.compile("'[^']{25,}'");
  // Generated ids: tokens of 8 or more letters, digits, '_' and '-' with at least one digit.
  private static final Pattern ID = Pattern.compile("\\b(?=[A-Za-z0-9_-]*[0-9])[A-Za-z0-9_-]{8,}\\b");
  private static final Pattern NUMBER = Pattern.compile("-?\\b[0-9]+(\\.[0-9]+)?\\b");
  private static final Pattern MASKED_LIST = Pattern.compile("…(, …)+");

  private DeadLetterReasons() {}

  /** The kind of {@code reason}. */
  public static String kindOf(String reason) {
    if (reason == null || reason.isBlank()) {
      return "(no reason given)";
    }
    int detail = reason.indexOf(": ");
    String kind = detail > 0 ? reason.substring(0, detail) : reason;
    kind = LONG_QUOTE.matcher(kind).replaceAll("'…'");
    // Numbers first: "1000000-byte" is a number and a word, not an id.
    kind = NUMBER.matcher(kind).replaceAll("#");
    kind = ID.matcher(kind).replaceAll("…");
    kind = MASKED_LIST.matcher(kind).replaceAll("…").strip();
    return kind.length() <= MAX_KIND ? kind : kind.substring(0, MAX_KIND) + "…";
  }
}
