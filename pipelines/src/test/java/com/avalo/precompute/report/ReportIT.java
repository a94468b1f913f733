package com.avalo.precompute.report;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import com.avalo.precompute.cli.PrecomputeCli;
import com.avalo.precompute.schemas.CacheDocument;
import com.avalo.precompute.schemas.FeedPage;
import com.avalo.precompute.schemas.Json;
import com.avalo.precompute.seed.SeedConfig;
import com.avalo.precompute.seed.SeedGenerator;
import com.avalo.precompute.seed.SeedProgress;
import com.avalo.precompute.serving.store.SqliteCacheStore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The report of a seeded world after {@code run all} and {@code backfill analytics}, both through
 * the CLI: every chart is there with its title, axis names and table, and every figure drawn
 * equals the cache document (or dead-letter file) it comes from.
 */
public class ReportIT {
  @ClassRule public static final TemporaryFolder FOLDER = new TemporaryFolder();

  private static final String FROM = "2026-10-24";
  private static final String TO = "2026-11-22";
  private static Path db;
  private static Path deadLetters;
  private static Document page;
  private static SqliteCacheStore store;

  @BeforeClass
  public static void runAllBackfillAndReport() throws IOException {
    Path seed = FOLDER.newFolder("seed").toPath();
    new SeedGenerator().generate(SeedConfig.defaults().withUsers(300), seed, SeedProgress.none());
    // Two records no job can use, so the runs have dead letters to show.
    Files.writeString(seed.resolve("events.ndjson"), "{\"id\":\"badLatency1\",\"type\":\"api_call\","
        + "\"userId\":\"nobody\",\"at\":\"2026-11-20T10:00:00Z\",\"endpoint\":\"/v1/feed\","
        + "\"latencyMs\":-5,\"cacheLayer\":\"memory\",\"ok\":true}\n{not json\n",
        StandardOpenOption.APPEND);
    db = FOLDER.getRoot().toPath().resolve("out/cache.db");
    Files.createDirectories(db.getParent());
    deadLetters = db.getParent().resolve("dead-letters");
    String input = "--input=" + seed;
    String storeOption = "--store=sqlite:" + db;
    assertEquals(0, PrecomputeCli.execute("run", "all", input, storeOption, "--as-of", "2026-11-23"));
    assertEquals(0, PrecomputeCli.execute("backfill", "analytics", "--from", "2026-10-01", "--to",
        TO, "--period", "day,week,month", input, storeOption));
    Path html = FOLDER.getRoot().toPath().resolve("report/report.html");
    assertEquals(0, PrecomputeCli.execute("report", storeOption, "--from", FROM, "--to", TO,
        "--out", html.toString()));
    page = Jsoup.parse(Files.readString(html));
    store = SqliteCacheStore.open(db);
  }

  @AfterClass
  public static void closeStore() {
    if (store != null) {
      store.close();
    }
  }

  @Test
  public void everyChartHasATitleNamedAxesItsDataAndTheTableBehindIt() {
    List<String> expected = List.of("dau", "wau", "mau", "rates", "retention", "latency",
        "hit-rates", "feed-lengths", "feed-pages", "dead-letters");
    for (String id : expected) {
      JsonNode option = spec(id).path("option");
      assertFalse(id, option.path("title").path("text").asText().isBlank());
      assertFalse(id, option.path("xAxis").path("name").asText().isBlank());
      assertTrue(id, option.path("yAxis").path("name").asText().matches(".*\\(.+\\)"));
      assertTrue(id, option.path("series").size() > 0);
      Element figure = page.getElementById("chart-" + id);
      assertNotNull(figure.selectFirst("div.plot#plot-" + id));
      assertFalse(id, figure.select("details table tbody tr").isEmpty());
      assertTrue(id, figure.selectFirst("details a[download]").attr("href")
          .startsWith("data:text/csv"));
    }
    assertFalse(page.select("figure.chart[id^=chart-revenue-]").isEmpty());
    // Offline: the library is inlined and nothing is fetched.
    assertTrue(page.select("script[src], link[href]").isEmpty());
    assertTrue(page.select("head script").first().data().contains("echarts"));
  }

  @Test
  public void activeUsersEqualTheirDocuments() {
    assertSeriesEqualDocuments("dau", 0, "active_users", "activeUsers");
    assertSeriesEqualDocuments("wau", 0, "active_users", "activeUsers");
    assertSeriesEqualDocuments("mau", 0, "active_users", "activeUsers");
    long drawn = days("dau").stream().filter(d -> !value("dau", 0, d).isNull()).count();
    assertEquals(30, drawn); // the backfill wrote every day of the range
  }

  @Test
  public void ratesRetentionLatencyAndHitRatesEqualTheirDocuments() {
    assertSeriesEqualDocuments("rates", 0, "engagement", "matchRate");
    assertSeriesEqualDocuments("rates", 1, "engagement", "responseRate");
    assertSeriesEqualDocuments("retention", 0, "retention", "d1", "rate");
    assertSeriesEqualDocuments("retention", 1, "retention", "d7", "rate");
    assertSeriesEqualDocuments("retention", 2, "retention", "d30", "rate");
    assertSeriesEqualDocuments("latency", 0, "api", "latencyMs", "p50");
    assertSeriesEqualDocuments("latency", 1, "api", "latencyMs", "p95");
    assertSeriesEqualDocuments("latency", 2, "api", "latencyMs", "p99");
    assertSeriesEqualDocuments("hit-rates", 0, "api", "cache", "hitRate");
    assertSeriesEqualDocuments("hit-rates", 1, "api", "cache", "memoryHitRate");
    assertSeriesEqualDocuments("hit-rates", 2, "api", "cache", "firestoreHitRate");
  }

  @Test
  public void theAlertThresholdsAreDrawnFromTheDocuments() {
    JsonNode thresholds = values("api", TO).path("alerts").path("thresholds");
    // On p95, the series they judge (p50 is series 0).
    JsonNode latencyLines = spec("latency").path("option").path("series").get(1)
        .path("markLine").path("data");
    assertEquals(thresholds.path("p95WarningMs").asDouble(), latencyLines.get(0).path("yAxis").asDouble(), 0);
    assertEquals(thresholds.path("p95CriticalMs").asDouble(), latencyLines.get(1).path("yAxis").asDouble(), 0);
    JsonNode hitLines = spec("hit-rates").path("option").path("series").get(0)
        .path("markLine").path("data");
    assertEquals(thresholds.path("hitRateWarning").asDouble(), hitLines.get(0).path("yAxis").asDouble(), 0);
    assertEquals(thresholds.path("hitRateCritical").asDouble(), hitLines.get(1).path("yAxis").asDouble(), 0);
  }

  @Test
  public void netRevenueEqualsItsDocumentsPerCurrency() {
    for (Element figure : page.select("figure.chart[id^=chart-revenue-]")) {
      String id = figure.id().substring("chart-".length());
      String currency = id.substring("revenue-".length());
      for (String day : days(id)) {
        JsonNode document = values("revenue", day);
        JsonNode expected = document == null ? NullNode.instance
            : document.path("byCurrency").has(currency)
                ? document.path("byCurrency").path(currency).path("netMinor")
                : Json.MAPPER.valueToTree(0L);
        assertEquals(id + " " + day, expected.asText(), value(id, 0, day).asText());
      }
    }
  }

  @Test
  public void feedFiguresEqualTheFirstPagesOfTheFeeds() {
    List<FeedPage> feeds = new ArrayList<>();
    for (String key : store.keysWithPrefix("feed:", Integer.MAX_VALUE)) {
      if (key.endsWith(":0")) {
        feeds.add(store.get(key).orElseThrow().payloadAs(FeedPage.class));
      }
    }
    long empty = feeds.stream().filter(f -> f.totalCandidates() == 0).count();
    long pageSize = feeds.get(0).pageSize();
    long shortFeeds = feeds.stream()
        .filter(f -> f.totalCandidates() > 0 && f.totalCandidates() < pageSize).count();
    Element shares = page.select("#feeds > table").first();
    assertEquals(String.valueOf(feeds.size()), cell(shares, 0, 1));
    assertEquals(String.valueOf(empty), cell(shares, 1, 1));
    assertEquals(String.valueOf(shortFeeds), cell(shares, 2, 1));
    assertEquals(String.valueOf((double) empty / feeds.size()), cell(shares, 1, 2));

    JsonNode lengths = spec("feed-lengths").path("option").path("series").get(0).path("data");
    assertEquals(empty, lengths.get(0).asLong());
    assertEquals(shortFeeds, lengths.get(1).asLong());
    long drawn = 0;
    for (JsonNode bin : lengths) {
      drawn += bin.asLong();
    }
    assertEquals(feeds.size(), drawn);
    JsonNode pages = spec("feed-pages").path("option").path("series").get(0).path("data");
    for (int count = 1; count <= pages.size(); count++) {
      int pageCount = count;
      assertEquals(feeds.stream().filter(f -> f.pageCount() == pageCount).count(),
          pages.get(count - 1).asLong());
    }
  }

  @Test
  public void eachRunsDeadLettersEqualItsFilesAndTheMissingLedgerIsSaid() throws IOException {
    List<String> runIds;
    try (Stream<Path> runs = Files.list(deadLetters)) {
      runIds = runs.map(p -> p.getFileName().toString()).sorted().toList();
    }
    assertEquals(2, runIds.size());
    JsonNode dead = spec("dead-letters").path("option");
    List<String> drawnRuns = new ArrayList<>();
    dead.path("xAxis").path("data").forEach(run -> drawnRuns.add(run.asText()));
    assertEquals(runIds, drawnRuns); // oldest first; generated run ids sort by start time
    for (int run = 0; run < runIds.size(); run++) {
      long lines;
      try (Stream<Path> files = Files.list(deadLetters.resolve(runIds.get(run)))) {
        lines = files.filter(f -> f.getFileName().toString().startsWith("dead-letters-"))
            .mapToLong(ReportIT::lineCount).sum();
      }
      long drawn = 0;
      for (JsonNode series : dead.path("series")) {
        drawn += series.path("data").get(run).asLong();
      }
      assertEquals(runIds.get(run), lines, drawn);
      assertTrue(lines > 0);
    }
    String runsText = page.getElementById("runs").text();
    assertTrue(runsText, runsText.contains("The run ledger holds no runs yet"));
    assertTrue(runsText, runsText.contains("Runs started by hand are not in the run ledger"));
    assertTrue(runsText, runsText.contains("Not recorded for these runs"));
  }

  private static long lineCount(Path file) {
    try (Stream<String> lines = Files.lines(file)) {
      return lines.filter(line -> !line.isBlank()).count();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Checks each category of series {@code index} against the figure at {@code path}. */
  private static void assertSeriesEqualDocuments(String chart, int index, String metric,
      String... path) {
    for (String period : days(chart)) {
      JsonNode document = values(metric, period);
      JsonNode expected = NullNode.instance;
      if (document != null) {
        expected = document;
        for (String step : path) {
          expected = expected.path(step);
        }
        if (metric.equals("api") && document.path("calls").asLong() == 0 && path[0].equals("latencyMs")) {
          expected = NullNode.instance; // no call, no latency: a gap, not 0 ms
        }
        if (metric.equals("retention") && !document.path(path[0]).path("complete").asBoolean(true)) {
          expected = NullNode.instance; // a day in progress: a gap, not its partial rate
        }
      }
      assertEquals(chart + " " + period, expected.isMissingNode() ? NullNode.instance : expected,
          value(chart, index, period));
    }
  }

  private static JsonNode values(String metric, String period) {
    Optional<CacheDocument> document = store.get("analytics:" + metric + ":" + period);
    return document.map(d -> d.payload().path("values")).orElse(null);
  }

  private static JsonNode spec(String id) {
    Element script = page.selectFirst("script.chart-spec[data-chart=" + id + "]");
    assertNotNull("no chart " + id, script);
    try {
      return Json.MAPPER.readTree(script.data());
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static List<String> days(String id) {
    List<String> categories = new ArrayList<>();
    spec(id).path("option").path("xAxis").path("data").forEach(c -> categories.add(c.asText()));
    return categories;
  }

  private static JsonNode value(String id, int series, String category) {
    int at = days(id).indexOf(category);
    return spec(id).path("option").path("series").get(series).path("data").get(at);
  }

  private static String cell(Element table, int row, int column) {
    return table.select("tbody tr").get(row).select("td").get(column).attr("data-value");
  }
}
