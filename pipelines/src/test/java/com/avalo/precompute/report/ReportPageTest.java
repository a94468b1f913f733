package com.avalo.precompute.report;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.avalo.precompute.report.Chart.Series;
import com.avalo.precompute.report.Table.Column;
import com.avalo.precompute.schemas.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.Test;

/** The page keeps any text, however hostile, as text: in elements, attributes and embedded JSON. */
public class ReportPageTest {
  private static final String HOSTILE = "</script><script>alert(1)</script><!-- & \u2028 \"'";

  @Test
  public void textThatLooksLikeMarkupStaysTextAndTheEmbeddedDataParsesBackUnchanged()
      throws Exception {
    Table table = new Table(HOSTILE, List.of(Column.text("run " + HOSTILE),
        new Column("count", Format.COUNT)), List.of(List.of(HOSTILE, 7L)));
    Chart chart = new Chart("c1", HOSTILE, HOSTILE, "x", List.of(HOSTILE), "y (users)",
        Format.COUNT, List.of(Series.bar(HOSTILE, List.of(7L))), List.of(), table);
    Report report = new Report("sqlite:/tmp/x.db", new ReportRange(LocalDate.parse("2026-11-01"),
        LocalDate.parse("2026-11-02"), "as asked"), Instant.EPOCH, List.of(HOSTILE),
        List.of(new Section("s", HOSTILE, List.of(HOSTILE), List.of(HOSTILE), List.of(chart),
            List.of(table))));

    String html = ReportPage.render(report);
    Document page = Jsoup.parse(html);

    // ECharts in the head, the chart's data, the drawing script at the end: nothing injected.
    assertEquals(3, page.select("script").size());
    assertFalse(html.contains("<script>alert(1)"));
    JsonNode spec = Json.MAPPER.readTree(page.selectFirst("script.chart-spec").data());
    assertEquals(HOSTILE, spec.path("option").path("title").path("text").asText());
    assertEquals(HOSTILE, spec.path("option").path("xAxis").path("data").get(0).asText());
    assertEquals(HOSTILE, page.selectFirst("figcaption").wholeText());
    assertTrue(page.select("td").stream().anyMatch(td -> td.attr("data-value").equals(HOSTILE)));
  }

  @Test
  public void aLibraryThatCouldCloseItsScriptElementIsRefused() {
    assertThrows(IllegalStateException.class,
        () -> ReportPage.scriptSafe("var s = '</SCRIPT>';", "lib.js"));
    assertEquals("var s = 1;", ReportPage.scriptSafe("var s = 1;", "lib.js"));
  }
}
