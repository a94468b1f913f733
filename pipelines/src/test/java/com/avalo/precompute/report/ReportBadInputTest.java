package com.avalo.precompute.report;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.avalo.precompute.schemas.AnalyticsBucket;
import com.avalo.precompute.schemas.CacheDocument;
import com.avalo.precompute.schemas.DocumentType;
import com.avalo.precompute.schemas.FeedPage;
import com.avalo.precompute.schemas.Json;
import com.avalo.precompute.serving.store.SqliteCacheStore;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * An empty store, a range without data and a missing run history each give a report that says
 * so in words, with no chart drawn on empty axes.
 */
public class ReportBadInputTest {
  @Rule public final TemporaryFolder folder = new TemporaryFolder();

  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T00:00:00Z"), ZoneOffset.UTC);
  private SqliteCacheStore store;
  private Path deadLetters;

  @Before
  public void openEmptyStore() {
    store = SqliteCacheStore.open(folder.getRoot().toPath().resolve("cache.db"));
    deadLetters = folder.getRoot().toPath().resolve("dead-letters");
  }

  @After
  public void close() {
    store.close();
  }

  private Document render(String from, String to) throws IOException {
    Path out = folder.getRoot().toPath().resolve("report.html");
    Reports.write(store, from, to, new DeadLetterFiles(deadLetters), 20, out, CLOCK);
    return Jsoup.parse(Files.readString(out));
  }

  @Test
  public void anEmptyStoreWithNoRunsIsSaidSoInEverySectionAndNothingIsDrawn() throws IOException {
    Document page = render("", "");

    assertTrue(page.select("figure.chart").isEmpty());
    assertTrue(page.select("script.chart-spec").isEmpty());
    String text = page.body().text();
    assertTrue(text, text.contains("holds no documents at all"));
    assertTrue(text, text.contains("The store holds no analytics documents"));
    assertTrue(text, text.contains("The store holds no feed pages"));
    assertTrue(text, text.contains("Runs started by hand are not in the run ledger"));
    assertTrue(text, text.contains("There is no dead-letter directory at " + deadLetters));
    assertTrue(text, text.contains("No run found"));
    // No analytics at all: the default range ends today.
    assertTrue(text, text.contains("analytics days 2026-10-25 to 2026-11-23"));
  }

  @Test
  public void aRangeWithoutDataNamesTheDataThereIsAndDrawsNoChart() throws IOException {
    store.write(List.of(activeUsers("2026-11-20", 42)));

    Document analytics = render("2025-01-01", "2025-01-31");

    String text = analytics.getElementById("analytics").text();
    assertTrue(text, text.contains("No daily analytics document falls between 2025-01-01 to "
        + "2025-01-31; the newest day in the store is 2026-11-20"));
    assertTrue(text, text.contains("Daily active users (DAU): no analytics:active_users:{day} "
        + "document in the range, so no chart."));
    assertTrue(analytics.select("#analytics figure.chart").isEmpty());
  }

  @Test
  public void theDefaultRangeEndsOnTheNewestDayWithADocumentAndDrawsOnlyWhatExists()
      throws IOException {
    store.write(List.of(activeUsers("2026-11-20", 42)));

    Document page = render("", "");

    assertTrue(page.select(".meta").text().contains("analytics days 2026-10-22 to 2026-11-20"));
    assertEquals(1, page.select("#analytics figure.chart").size());
    assertFalse(page.getElementById("analytics").text().contains("No daily analytics document"));
  }

  @Test
  public void theDefaultRangeEndsBeforeADayStillInProgress() throws IOException {
    // A run as of midnight of the 21st writes the 21st's bucket, not yet complete and empty.
    store.write(List.of(activeUsers("2026-11-20", 42), activeUsers("2026-11-21", 0, false)));

    Document page = render("", "");

    String meta = page.select(".meta").text();
    assertTrue(meta, meta.contains("analytics days 2026-10-22 to 2026-11-20"));
    String analytics = page.getElementById("analytics").text();
    assertTrue(analytics, analytics.contains("still in progress, need --to"));
    assertTrue("asked for, it is shown", render("", "2026-11-21").select(".meta").text()
        .contains("to 2026-11-21"));
  }

  @Test
  public void runsWithoutDeadLettersAreListedAndSaidToHaveNone() throws IOException {
    Files.createDirectories(deadLetters.resolve("20261123000000-aaaaaaaa"));
    Files.writeString(deadLetters.resolve("20261123000000-aaaaaaaa/dead-letters-00000-of-00001.ndjson"), "");

    Document page = render("", "");

    assertTrue(page.select("#runs figure.chart").isEmpty());
    String text = page.getElementById("runs").text();
    assertTrue(text, text.contains("None of these 1 runs dead-lettered anything."));
    assertTrue(text, text.contains("20261123000000-aaaaaaaa"));
    assertTrue(text, text.contains("Not recorded for these runs, so neither shown nor charted: "
        + "schedule, jobs, window, state, attempt, started (UTC), duration (s), records read, "
        + "documents written, documents unchanged, documents deleted, estimated cost (USD)."));
  }

  /**
   * A document broken by hand (an envelope that is not JSON, a feed page whose payload is a string)
   * is counted and named in its section, and the rest of the report is still written.
   */
  @Test
  public void unreadableDocumentsAreNamedAndTheRestIsStillReported() throws Exception {
    Instant at = Instant.parse("2026-11-20T00:00:00Z");
    FeedPage feed = new FeedPage("u1", 0, 1, 20, 3, List.of(), "v1");
    store.write(List.of(activeUsers("2026-11-20", 42), activeUsers("2026-11-10", 7),
        CacheDocument.of(DocumentType.FEED_PAGE.key("u1", 0), feed,
            new CacheDocument.Provenance("feeds", "run-1", at, at), at.plusSeconds(3600)),
        CacheDocument.of(DocumentType.FEED_PAGE.key("ZZZ", 0), feed,
            new CacheDocument.Provenance("feeds", "run-1", at, at), at.plusSeconds(3600))));
    try (Connection sql = DriverManager.getConnection("jdbc:sqlite:" + folder.getRoot().toPath()
        .resolve("cache.db"))) {
      sql.createStatement().executeUpdate("UPDATE cache_documents SET key = "
          + "'analytics:revenue:2026-11-10', document = '{not json' WHERE key = "
          + "'analytics:active_users:2026-11-10'");
      sql.createStatement().executeUpdate("UPDATE cache_documents SET document = "
          + "json_set(document, '$.payload', 'oops') WHERE key = 'feed:ZZZ:0'");
    }

    Document page = render("", "");

    String analytics = page.getElementById("analytics").text();
    assertTrue(analytics, analytics.contains("1 unreadable document left out: "
        + "analytics:revenue:2026-11-10"));
    assertEquals(1, page.select("#analytics figure.chart").size());
    String feeds = page.getElementById("feeds").text();
    assertTrue(feeds, feeds.contains("1 unreadable document left out: feed:ZZZ:0"));
    assertTrue(feeds, feeds.contains("all (active users) 1 100"));
  }

  static CacheDocument activeUsers(String day, long users) {
    return activeUsers(day, users, true);
  }

  static CacheDocument activeUsers(String day, long users, boolean complete) {
    ObjectNode values = Json.MAPPER.createObjectNode().put("complete", complete)
        .put("activeUsers", users).put("sessions", users * 2);
    Instant start = Instant.parse(day + "T00:00:00Z");
    return CacheDocument.of(DocumentType.ANALYTICS.key("active_users", day),
        new AnalyticsBucket("active_users", "day", day, "UTC", start, start.plusSeconds(86_400), values),
        new CacheDocument.Provenance("analytics", "run-1", start, start), start.plusSeconds(86_400));
  }
}
