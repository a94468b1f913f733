package com.avalo.precompute.report;

import static org.junit.Assert.assertEquals;

import com.avalo.precompute.report.Table.Column;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.Test;

/**
 * A CSV download holds what its headers say, as the page shows it but at full precision: dollars
 * under "gross (USD)", not cents; percentages under "(%)", not fractions.
 */
public class TableCsvTest {
  @Test
  public void eachValueIsInTheUnitItsHeaderNames() {
    Table table = new Table("Net revenue, USD", List.of(Column.text("day"),
        new Column("gross (USD)", Format.minorUnits("USD")), new Column("match rate", Format.PERCENT),
        new Column("p50", Format.MILLISECONDS), new Column("users", Format.COUNT),
        new Column("estimated cost (USD)", Format.USD)),
        List.of(Arrays.asList("2026-11-20", 499L, 1 / 13.0, 120L, 12_345L, 0.0000092),
            Arrays.asList("2026-11-21", null, null, null, null, null)));

    assertEquals(List.of("day,gross (USD),match rate (%),p50 (ms),users,estimated cost (USD)",
        "2026-11-20,4.99,7.692307692307693,120,12345,0.0000092",
        "2026-11-21,,,,,"), table.csv().lines().toList());
  }

  /**
   * The page's numbers read as its charts' do (report.js formats them en-US), whatever the
   * default locale of the machine making the report: under de-DE a table said 1.234,6 % where
   * the chart's tooltip said 1,234.6 %.
   */
  @Test
  public void shownNumbersDoNotDependOnTheDefaultLocale() {
    Locale before = Locale.getDefault();
    Locale.setDefault(Locale.GERMANY);
    try {
      assertEquals("1,234.6 %", Format.PERCENT.show(12.346));
      assertEquals("12,345", Format.COUNT.show(12_345L));
    } finally {
      Locale.setDefault(before);
    }
  }
}
