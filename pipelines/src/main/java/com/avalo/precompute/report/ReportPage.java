package com.avalo.precompute.report;

import com.avalo.precompute.report.Table.Column;
import com.avalo.precompute.schemas.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import org.jsoup.nodes.DataNode;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.DocumentType;
import org.jsoup.nodes.Element;

/**
 * Renders a {@link Report} as one self-contained HTML page: Apache ECharts, the styles and the
 * data are inlined, so the file opens offline. jsoup builds the page and escapes every text and
 * attribute; the JSON inside {@code <script>} elements is escaped here so that no value can end
 * the element early.
 */
final class ReportPage {
  private static final String ECHARTS_POM =
      "/META-INF/maven/org.webjars.npm/echarts/pom.properties";

  private ReportPage() {}

  static String render(Report report) {
    Document page = Document.createShell("");
    page.prependChild(new DocumentType("html", "", ""));
    page.outputSettings().prettyPrint(false);
    Element head = page.head();
    head.appendElement("meta").attr("charset", "utf-8");
    head.appendElement("meta").attr("name", "viewport").attr("content", "width=device-width");
    page.title("Avalo Precompute report, " + report.range());
    head.appendElement("style").appendChild(new DataNode(resource("/report/report.css")));
    head.appendElement("script").appendChild(new DataNode(scriptSafe(echarts(), "echarts.min.js")));

    Element body = page.body();
    body.appendElement("h1").text("Avalo Precompute report");
    body.appendElement("p").addClass("meta").text("Store " + report.store() + " · analytics days "
        + report.range() + " · generated " + report.generatedAt());
    notices(body, report.notices());
    Element nav = body.appendElement("nav");
    report.sections().forEach(s -> nav.appendElement("a").attr("href", "#" + s.id()).text(s.title()));
    report.sections().forEach(section -> section(body, section));
    body.appendElement("script").appendChild(new DataNode(scriptSafe(resource("/report/report.js"),
        "report.js")));
    return page.outerHtml();
  }

  private static void section(Element body, Section section) {
    Element element = body.appendElement("section").id(section.id());
    element.appendElement("h2").text(section.title());
    section.about().forEach(text -> element.appendElement("p").text(text));
    notices(element, section.notices());
    for (Chart chart : section.charts()) {
      Element figure = element.appendElement("figure").addClass("chart").id("chart-" + chart.id());
      figure.appendElement("div").addClass("plot").id("plot-" + chart.id())
          .attr("role", "img").attr("aria-label", chart.title());
      figure.appendElement("script").attr("type", "application/json").addClass("chart-spec")
          .attr("data-chart", chart.id())
          .appendChild(new DataNode(json(EChartsOption.of(chart))));
      figure.appendElement("figcaption").text(chart.description());
      Element details = figure.appendElement("details");
      details.appendElement("summary").text("Numbers behind this chart (" + chart.table().rows().size()
          + " rows)");
      download(details, chart.table(), chart.id());
      table(details, chart.table());
    }
    section.tables().forEach(table -> table(element, table));
  }

  private static void notices(Element parent, List<String> notices) {
    if (!notices.isEmpty()) {
      Element list = parent.appendElement("ul").addClass("notices");
      notices.forEach(notice -> list.appendElement("li").text(notice));
    }
  }

  private static void download(Element parent, Table table, String name) {
    String csv = Base64.getEncoder().encodeToString(table.csv().getBytes(StandardCharsets.UTF_8));
    parent.appendElement("a").attr("download", name + ".csv")
        .attr("href", "data:text/csv;charset=utf-8;base64," + csv).text("download CSV");
  }

  private static void table(Element parent, Table table) {
    Element element = parent.appendElement("table");
    element.appendElement("caption").text(table.caption());
    Element header = element.appendElement("thead").appendElement("tr");
    table.columns().forEach(column -> header.appendElement("th").text(column.header()));
    Element rows = element.appendElement("tbody");
    for (List<Object> row : table.rows()) {
      Element tr = rows.appendElement("tr");
      for (int i = 0; i < row.size(); i++) {
        cell(tr, table.columns().get(i), row.get(i));
      }
    }
  }

  private static void cell(Element row, Column column, Object value) {
    Element td = row.appendElement("td");
    if (value == null) {
      td.addClass("none").attr("title", "no figure: no document, or not recorded").text("—");
    } else if (value instanceof Number number && column.format() != null) {
      td.addClass("num").attr("data-value", value.toString()).text(column.format().show(number));
    } else {
      td.attr("data-value", value.toString()).text(value.toString());
    }
  }

  /**
   * JSON that is safe inside a script element: {@code <}, {@code >} and {@code &} occur in JSON
   * only inside strings, where their unicode escapes mean the same.
   */
  static String json(Object value) {
    return Json.write(value).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
        .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029");
  }

  /** A script to inline, refused if it could end its element or open an HTML comment early. */
  static String scriptSafe(String script, String name) {
    String lower = script.toLowerCase(Locale.ROOT);
    if (lower.contains("</script") || lower.contains("<!--")) {
      throw new IllegalStateException(name + " contains '</script' or '<!--' and cannot be inlined as is");
    }
    return script;
  }

  private static String echarts() {
    Properties pom = new Properties();
    try (InputStream in = ReportPage.class.getResourceAsStream(ECHARTS_POM)) {
      if (in == null) {
        throw new IllegalStateException("the ECharts WebJar is not on the classpath");
      }
      pom.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return resource("/META-INF/resources/webjars/echarts/" + pom.getProperty("version")
        + "/dist/echarts.min.js");
  }

  private static String resource(String path) {
    try (InputStream in = ReportPage.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException(path + " is missing from the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
