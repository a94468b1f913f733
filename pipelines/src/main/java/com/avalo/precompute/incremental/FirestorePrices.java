package com.avalo.precompute.incremental;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Firestore's list prices in US dollars per 100,000 operations, for estimating what a run cost.
 * The defaults are the list prices of a regional database; a team on another price list passes
 * its own ({@code --firestorePrices=write=0.18,delete=0.02,read=0.06}).
 *
 * @param write dollars per 100,000 document writes
 * @param delete dollars per 100,000 document deletes
 * @param read dollars per 100,000 document reads
 */
public record FirestorePrices(double write, double delete, double read) implements Serializable {
  public static final String DEFAULT_TEXT = "write=0.18,delete=0.02,read=0.06";
  public static final FirestorePrices LIST = parse(DEFAULT_TEXT);

  public FirestorePrices {
    if (write < 0 || delete < 0 || read < 0) {
      throw new IllegalArgumentException("prices must not be negative");
    }
  }

  /**
   * Parses {@code write=0.18,delete=0.02,read=0.06}; a price left out keeps its list price.
   *
   * @throws IllegalArgumentException quoting the part that is not {@code NAME=DOLLARS}
   */
  public static FirestorePrices parse(String text) {
    Map<String, Double> prices = new HashMap<>();
    for (String part : text.split(",")) {
      String[] nameValue = part.trim().split("=", 2);
      if (nameValue.length != 2 || !Set.of("write", "delete", "read").contains(nameValue[0].trim())) {
        throw new IllegalArgumentException("'" + part + "' is not write=, delete= or read= dollars"
            + " per 100,000 operations, as in " + DEFAULT_TEXT);
      }
      try {
        prices.put(nameValue[0].trim(), Double.parseDouble(nameValue[1].trim()));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("'" + part + "': the price is not a number");
      }
    }
    FirestorePrices base = LIST == null ? new FirestorePrices(0.18, 0.02, 0.06) : LIST;
    return new FirestorePrices(prices.getOrDefault("write", base.write()),
        prices.getOrDefault("delete", base.delete()), prices.getOrDefault("read", base.read()));
  }

  /** Dollars for {@code writes}, {@code deletes} and {@code reads} document operations. */
  public double cost(long writes, long deletes, long reads) {
    return (writes * write + deletes * delete + reads * read) / 100_000.0;
  }

  @Override
  public String toString() {
    return "write=" + write + ",delete=" + delete + ",read=" + read;
  }
}
