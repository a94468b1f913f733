package com.avalo.precompute.report;

import java.util.ArrayList;
import java.util.List;

/**
 * One chart: a title, a category axis and a value axis each named with its unit, series of
 * values aligned with the categories (null where there is no document, drawn as a gap, never as
 * zero), threshold lines, and the table of the numbers behind it.
 *
 * @param id stable identifier, used for the page's anchors and the embedded data
 * @param title what the chart shows
 * @param description where the figures come from and how to read them
 * @param xName the category axis' name, with its unit
 * @param categories the category labels (periods, bins, runs)
 * @param yName the value axis' name, with its unit
 * @param format how values are shown on the axis, in tooltips and in the table
 * @param series the series, each as long as {@code categories}
 * @param thresholds horizontal lines drawn across the chart
 * @param table the numbers behind the chart
 */
record Chart(String id, String title, String description, String xName, List<String> categories,
    String yName, Format format, List<Series> series, List<Threshold> thresholds, Table table) {

  /** A named series of values; {@code stack} groups bars stacked on each other (or null). */
  record Series(String name, String kind, List<? extends Number> values, String stack) {
    static Series line(String name, List<? extends Number> values) {
      return new Series(name, "line", values, null);
    }

    static Series bar(String name, List<? extends Number> values) {
      return new Series(name, "bar", values, null);
    }

    /**
     * This series as its complete buckets give it and, when any of its buckets was still in
     * progress ({@code complete} false), those values apart as "NAME (in progress)", a bar in
     * the same slot: drawn as final, the month so far read as a fall in MAU that did not happen.
     */
    List<Series> apartInProgress(List<Boolean> complete) {
      if (!complete.contains(Boolean.FALSE)) {
        return List.of(this);
      }
      List<Number> done = new ArrayList<>();
      List<Number> inProgress = new ArrayList<>();
      for (int i = 0; i < values.size(); i++) {
        boolean open = Boolean.FALSE.equals(complete.get(i));
        done.add(open ? null : values.get(i));
        inProgress.add(open ? values.get(i) : null);
      }
      String sameSlot = "bar".equals(kind) ? name : null;
      return List.of(new Series(name, kind, done, sameSlot),
          new Series(name + " (in progress)", kind, inProgress, sameSlot));
    }
  }

  /** A horizontal line at {@code value}, such as an alert level, drawn in {@code color}. */
  record Threshold(String label, double value, String color) {
    static final String WARNING = "#d98c00";
    static final String CRITICAL = "#c62828";
  }

  Chart {
    for (Series one : series) {
      if (one.values().size() != categories.size()) {
        throw new IllegalArgumentException(id + ": series " + one.name() + " has "
            + one.values().size() + " values for " + categories.size() + " categories");
      }
    }
  }

  /** Whether any series has a value: a chart without one is not drawn (no empty axes). */
  /**
   * The index of the series the thresholds judge: the first whose name begins with the figure
   * their labels name ("p95" of "p95 warning"), else the first.
   */
  int thresholdSeries() {
    if (thresholds.isEmpty()) {
      return 0;
    }
    String label = thresholds.get(0).label();
    String figure = label.substring(0, Math.max(0, label.lastIndexOf(' ')));
    for (int i = 0; i < series.size(); i++) {
      if (!figure.isEmpty() && series.get(i).name().startsWith(figure)) {
        return i;
      }
    }
    return 0;
  }

  boolean hasData() {
    return series.stream().anyMatch(s -> s.values().stream().anyMatch(v -> v != null));
  }
}
