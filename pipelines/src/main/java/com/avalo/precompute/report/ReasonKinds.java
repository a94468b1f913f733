package com.avalo.precompute.report;

import java.util.regex.Pattern;

/**
 * Groups dead-letter reasons by kind: a reason names the values it is about ("latencyMs -5 is
 * negative", "refers to missing users 3x9Kq..."), so reasons are grouped with those values
 * masked, and the report shows one full example of each kind.
 */
final class ReasonKinds {
  private static final Pattern LIST = Pattern.compile("\\[[^\\]]*\\]");
  // Ids: long tokens mixing letters and digits, as generated document ids are.
  private static final Pattern ID =
      Pattern.compile("\\b(?=[A-Za-z0-9_-]*[0-9])(?=[A-Za-z0-9_-]*[A-Za-z])[A-Za-z0-9_-]{8,}\\b");
  private static final Pattern NUMBER = Pattern.compile("-?\\b\\d+(\\.\\d+)?\\b");
  private static final Pattern LONG_QUOTE = Pattern.compile("'[^']{25,}'");

  private ReasonKinds() {}

  /** The kind of {@code reason}: the text before a detail after ": ", values masked. */
  static String of(String reason) {
    if (reason == null || reason.isBlank()) {
      return "(no reason given)";
    }
    int detail = reason.indexOf(": ");
    String head = detail > 0 ? reason.substring(0, detail) : reason;
    head = LIST.matcher(head).replaceAll("[…]");
    head = LONG_QUOTE.matcher(head).replaceAll("'…'");
    head = ID.matcher(head).replaceAll("…");
    return NUMBER.matcher(head).replaceAll("#");
  }
}
