package com.avalo.precompute.report;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * How a figure is shown: the stored value times {@code factor}, to {@code decimals} places, then
 * {@code suffix}. Charts and tables carry the stored values (equal to the documents'), and are
 * shown through this, so a rate stays the document's fraction and reads as a percentage.
 */
record Format(double factor, int decimals, String suffix) {
  static final Format COUNT = new Format(1, 0, "");
  static final Format PERCENT = new Format(100, 1, " %");
  static final Format MILLISECONDS = new Format(1, 0, " ms");
  static final Format SECONDS = new Format(1, 1, " s");
  // Six places, as 'precompute runs' prints the same ledger figure: a run's cost is mostly a
  // fraction of a cent (1,233 writes cost $0.0022), which at two places read as 0.00 USD.
  static final Format USD = new Format(1, 6, " USD");

  /** Integer minor units of {@code currency} (cents), shown in major units. */
  static Format minorUnits(String currency) {
    int digits = currencyDigits(currency);
    return new Format(Math.pow(10, -digits), digits, " " + currency);
  }

  static int currencyDigits(String currency) {
    try {
      return Math.max(0, java.util.Currency.getInstance(currency).getDefaultFractionDigits());
    } catch (IllegalArgumentException unknown) {
      return 2;
    }
  }

  /**
   * The value in the unit it is shown in, at full precision and without grouping, for a CSV: a
   * spreadsheet reads "gross (USD)" as dollars and a rate as the percentage on the page, not as
   * the stored cents or fraction. An absent value is an empty string, never zero.
   */
  String csv(Number value) {
    if (value == null) {
      return "";
    }
    return new BigDecimal(value.toString()).multiply(BigDecimal.valueOf(factor))
        .stripTrailingZeros().toPlainString();
  }

  /** {@code header} naming this format's unit, when it does not already: "match rate (%)". */
  String csvHeader(String header) {
    String unit = suffix.trim();
    String named = " (" + unit + ")";
    return unit.isEmpty() || header.endsWith(named) ? header : header + named;
  }

  /** The value as shown; an absent value is an empty string, never zero. */
  String show(Number value) {
    if (value == null) {
      return "";
    }
    BigDecimal shown = new BigDecimal(value.toString()).multiply(BigDecimal.valueOf(factor))
        .setScale(decimals, RoundingMode.HALF_UP);
    return String.format(Locale.US, "%,." + decimals + "f", shown) + suffix;
  }
}
