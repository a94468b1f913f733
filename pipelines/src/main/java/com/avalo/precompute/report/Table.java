package com.avalo.precompute.report;

import java.util.List;

/**
 * The numbers behind a chart, or a table on its own: cells hold the stored values (a
 * {@link Number}, a string, a boolean, or null for "no document"); each column says how its
 * numbers are shown.
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

  /** The table as CSV with the stored values, for a spreadsheet. */
  String csv() {
    StringBuilder csv = new StringBuilder();
    csv.append(String.join(",", columns.stream().map(c -> quote(c.header())).toList()))
        .append('\n');
    for (List<Object> row : rows) {
      csv.append(String.join(",", row.stream()
          .map(cell -> cell == null ? "" : quote(cell.toString())).toList())).append('\n');
    }
    return csv.toString();
  }

  private static String quote(String text) {
    return text.matches("[^\",\\n]*") ? text : "\"" + text.replace("\"", "\"\"") + "\"";
  }
}
