package com.avalo.precompute.report;

import java.util.ArrayList;
import java.util.List;

/**
 * The numbers behind a chart, or a table on its own: cells hold the stored values (a
 * {@link Number}, a string, a boolean, or null for "no document"); each column says how its
 * numbers are shown, on the page and in the CSV.
 */
record Table(String caption, List<Column> columns, List<List<Object>> rows) {

  /** A column: its header (with the unit) and the format of its numbers (null: shown as text). */
  record Column(String header, Format format) {
    static Column text(String header) {
      return new Column(header, null);
    }
  }

  Table {
    for (List<Object> row : rows) {
      if (row.size() != columns.size()) {
        throw new IllegalArgumentException(caption + ": a row of " + row.size()
            + " cells under " + columns.size() + " columns");
      }
    }
  }

  /**
   * The table as CSV for a spreadsheet: each number in the unit its header names, at full
   * precision (cents as dollars under "gross (USD)", a fraction as a percentage under "(%)").
   */
  String csv() {
    StringBuilder csv = new StringBuilder();
    csv.append(String.join(",", columns.stream().map(column -> quote(column.format() == null
        ? column.header() : column.format().csvHeader(column.header()))).toList())).append('\n');
    for (List<Object> row : rows) {
      List<String> cells = new ArrayList<>(row.size());
      for (int i = 0; i < row.size(); i++) {
        Object cell = row.get(i);
        Format format = columns.get(i).format();
        cells.add(cell == null ? "" : quote(format != null && cell instanceof Number number
            ? format.csv(number) : cell.toString()));
      }
      csv.append(String.join(",", cells)).append('\n');
    }
    return csv.toString();
  }

  private static String quote(String text) {
    return text.matches("[^\",\\n]*") ? text : "\"" + text.replace("\"", "\"\"") + "\"";
  }
}
