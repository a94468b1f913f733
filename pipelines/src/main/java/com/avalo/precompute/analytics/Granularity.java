package com.avalo.precompute.analytics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The length of an analytics bucket; the names are those of {@code AnalyticsBucket.granularity}. */
public enum Granularity {
  hour, day, week, month;

  /**
   * Parses a comma list such as {@code day,week}, in the enum's order, without repeats.
   *
   * @throws IllegalArgumentException naming the option and the accepted values
   */
  public static List<Granularity> parseList(String option, String text) {
    List<Granularity> parsed = new ArrayList<>();
    for (String name : text.split(",")) {
      String trimmed = name.trim();
      if (trimmed.isEmpty()) {
        continue;
      }
      try {
        parsed.add(valueOf(trimmed));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--" + option + "='" + text + "': '" + trimmed
            + "' is not one of " + Arrays.toString(values()));
      }
    }
    if (parsed.isEmpty()) {
      throw new IllegalArgumentException(
          "--" + option + " names no period; use e.g. hour,day,week,month");
    }
    return Arrays.stream(values()).filter(parsed::contains).toList();
  }
}
