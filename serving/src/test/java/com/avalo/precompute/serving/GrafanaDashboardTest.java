package com.avalo.precompute.serving;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.avalo.precompute.schemas.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.Test;

/**
 * The Grafana dashboard and alert rules name only series the client exports, and carry the
 * product's alert levels.
 */
public class GrafanaDashboardTest {
  private static final Path DASHBOARD = Path.of("grafana/avalo-serving-dashboard.json");
  private static final Path ALERTS = Path.of("grafana/avalo-serving-alerts.rules.yml");
  private static final Pattern SERIES = Pattern.compile("avalo_cache_[a-z_]+");

  @Test
  public void everySeriesTheDashboardQueriesIsExported() throws Exception {
    String scrape;
    try (CacheClient client = Clients.builder(new MapStore(), new FakeTime()).build()) {
      client.get("user:u1");
      scrape = ((io.micrometer.prometheusmetrics.PrometheusMeterRegistry) client.meterRegistry()).scrape();
    }
    Set<String> queried = new TreeSet<>();
    for (Path file : new Path[] {DASHBOARD, ALERTS}) {
      Matcher series = SERIES.matcher(Files.readString(file));
      while (series.find()) {
        queried.add(series.group());
      }
    }
    assertTrue(queried.size() > 10);
    for (String name : queried) {
      assertTrue(name + " is queried but not exported", scrape.contains(name + "{"));
    }
  }

  @Test
  public void statPanelsCarryTheAlertLevels() throws Exception {
    JsonNode dashboard = Json.read(Files.readString(DASHBOARD));
    JsonNode hitRate = panel(dashboard, "Cache hit rate");
    assertEquals("[null, 0.5, 0.7]", thresholds(hitRate));
    assertEquals("red orange green", colors(hitRate));
    JsonNode p95 = panel(dashboard, "P95 read latency (worst layer)");
    assertEquals("[null, 0.5, 1.0]", thresholds(p95));
    assertEquals("green orange red", colors(p95));
    assertTrue(p95.at("/targets/0/expr").asText().contains("quantile=\"0.95\""));
  }

  private static JsonNode panel(JsonNode dashboard, String title) {
    for (JsonNode panel : dashboard.get("panels")) {
      if (panel.get("title").asText().equals(title)) {
        return panel;
      }
    }
    throw new AssertionError("no panel '" + title + "'");
  }

  private static String thresholds(JsonNode panel) {
    StringBuilder values = new StringBuilder("[");
    for (JsonNode step : panel.at("/fieldConfig/defaults/thresholds/steps")) {
      values.append(values.length() > 1 ? ", " : "").append(step.get("value").isNull()
          ? "null" : step.get("value").asText());
    }
    return values.append("]").toString();
  }

  private static String colors(JsonNode panel) {
    StringBuilder colors = new StringBuilder();
    for (JsonNode step : panel.at("/fieldConfig/defaults/thresholds/steps")) {
      colors.append(colors.length() > 0 ? " " : "").append(step.get("color").asText());
    }
    return colors.toString();
  }
}
