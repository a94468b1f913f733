package com.avalo.precompute.report;

import com.avalo.precompute.report.Chart.Series;
import com.avalo.precompute.report.Chart.Threshold;
import com.avalo.precompute.schemas.Json;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A {@link Chart} as an Apache ECharts option (plain JSON; the page adds the value formatters,
 * which are functions): title, named axes, one series per series, thresholds as a
 * {@code markLine}, and a toolbox to view the data and save the chart as an image.
 */
final class EChartsOption {
  private EChartsOption() {}

  /** {@code {"format": {...}, "option": {...}}}: the chart's option and how to show its values. */
  static ObjectNode of(Chart chart) {
    ObjectNode spec = Json.MAPPER.createObjectNode();
    ObjectNode format = spec.putObject("format");
    format.put("factor", chart.format().factor());
    format.put("decimals", chart.format().decimals());
    format.put("suffix", chart.format().suffix());

    ObjectNode option = spec.putObject("option");
    option.put("animation", false);
    option.putObject("title").put("text", chart.title()).put("left", "center");
    option.putObject("tooltip").put("trigger", "axis");
    option.putObject("legend").put("top", 28);
    option.putObject("grid").put("left", 30).put("right", 40).put("top", 80).put("bottom", 50)
        .put("containLabel", true);
    ObjectNode feature = option.putObject("toolbox").putObject("feature");
    feature.putObject("dataView").put("readOnly", true).put("title", "numbers");
    feature.putObject("saveAsImage").put("title", "save as PNG");

    ObjectNode x = option.putObject("xAxis");
    x.put("type", "category").put("name", chart.xName()).put("nameLocation", "middle")
        .put("nameGap", 30);
    chart.categories().forEach(x.putArray("data")::add);
    ObjectNode y = option.putObject("yAxis");
    // The value axis' name sits above the axis, where it cannot overlap the tick labels.
    y.put("type", "value").put("name", chart.yName()).put("nameLocation", "end")
        .put("nameGap", 14);
    y.putObject("nameTextStyle").put("align", "left");

    ArrayNode series = option.putArray("series");
    for (Series one : chart.series()) {
      ObjectNode node = series.addObject();
      node.put("name", one.name()).put("type", one.kind()).put("connectNulls", false);
      if (one.stack() != null) {
        node.put("stack", one.stack());
      }
      ArrayNode data = node.putArray("data");
      one.values().forEach(value -> data.add(Json.MAPPER.valueToTree(value)));
    }
    if (!chart.thresholds().isEmpty() && series.size() > 0) {
      // On the series the thresholds judge (p95 of the latency chart), not the first drawn:
      // hiding p50 in the legend hid the p95 alert lines with it.
      int judged = chart.thresholdSeries();
      ObjectNode markLine = ((ObjectNode) series.get(judged)).putObject("markLine");
      markLine.put("symbol", "none").put("silent", true);
      ArrayNode lines = markLine.putArray("data");
      for (Threshold threshold : chart.thresholds()) {
        ObjectNode line = lines.addObject().put("name", threshold.label())
            .put("yAxis", threshold.value());
        line.putObject("lineStyle").put("color", threshold.color()).put("type", "dashed")
            .put("width", 1.5);
      }
      spec.put("thresholdMax", chart.thresholds().stream().mapToDouble(Threshold::value).max()
          .orElseThrow());
    }
    return spec;
  }
}
