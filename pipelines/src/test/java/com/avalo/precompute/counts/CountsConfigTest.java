package com.avalo.precompute.counts;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.avalo.precompute.counts.CountQuery.Window;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class CountsConfigTest {
  @Rule public final TemporaryFolder folder = new TemporaryFolder();

  @Test
  public void bundledConfigHasTheDefaultQueries() {
    CountsConfig config = CountsConfig.load(CountsConfig.BUNDLED);
    assertEquals(List.of("active_users_by_city_gender", "active_users", "all_users", "users_by_status",
            "new_users_today", "messages_today", "likes_today_by_kind", "matches_today",
            "purchases_today_by_status"),
        config.queries().stream().map(CountQuery::name).toList());
    assertEquals(List.of("users", "messages", "likes", "matches", "purchases"),
        config.collections());
    assertEquals(new CountQuery("likes_today_by_kind", "likes", Map.of(), false,
        new Window("createdAt", "day"), List.of("kind")), config.query("likes_today_by_kind"));
  }

  @Test
  public void parsesEveryClauseFromAFile() throws Exception {
    Path file = folder.newFile("q.json").toPath();
    Files.writeString(file, "[{\"name\": \"q\", \"collection\": \"users\","
        + " \"where\": {\"verified\": true, \"photoCount\": 3, \"gender\": \"female\"},"
        + " \"activeOnly\": true, \"window\": {\"field\": \"lastActiveAt\", \"period\": \"day\"},"
        + " \"groupBy\": [\"city\"]}]");
    CountQuery query = CountsConfig.load(file.toString()).queries().get(0);
    assertEquals(new CountQuery("q", "users",
        Map.of("verified", "true", "photoCount", "3", "gender", "female"), true,
        new Window("lastActiveAt", "day"), List.of("city")), query);
  }

  @Test
  public void unreadableFile() {
    String missing = folder.getRoot().toPath().resolve("nope.json").toString();
    assertError(() -> CountsConfig.load(missing),
        "counts config " + missing + ": cannot read it (NoSuchFileException");
  }

  @Test
  public void malformedJson() {
    assertError("[{\"name\": \"q\",\n \"collection\" \"users\"}]",
        "counts config test.json: malformed JSON at line 2, column 16: Unexpected character");
    assertError("{\"name\": \"q\"}", "counts config test.json: expected a JSON array of queries");
    assertError("[]\n[]", "counts config test.json: malformed JSON at line 2, column 1: Trailing token");
    assertError("[{\"name\": \"q\", \"collection\": \"users\", \"collection\": \"likes\"}]",
        "counts config test.json: malformed JSON at line 1, column 51: Duplicate field 'collection'");
  }

  @Test
  public void unknownCollection() {
    assertError("[{\"name\": \"q\", \"collection\": \"swipes\"}]",
        "counts config test.json: query 'q': unknown collection 'swipes'; known: [users, likes,");
  }

  @Test
  public void unknownFieldForTheRecordType() {
    assertError("[{\"name\": \"q\", \"collection\": \"likes\", \"where\": {\"city\": \"Berlin\"}}]",
        "counts config test.json: query 'q': unknown where field 'city' for likes; fields: [id,"
            + " fromUserId, toUserId, kind, createdAt]");
    assertError("[{\"name\": \"q\", \"collection\": \"likes\", \"groupBy\": [\"type\"]}]",
        "counts config test.json: query 'q': unknown groupBy field 'type' for likes");
  }

  @Test
  public void groupByOnANonScalarField() {
    assertError("[{\"name\": \"q\", \"collection\": \"users\", \"groupBy\": [\"interests\"]}]",
        "counts config test.json: query 'q': groupBy field 'interests' has type List, not a scalar"
            + " (string, enum, boolean or integer)");
    assertError("[{\"name\": \"q\", \"collection\": \"users\", \"groupBy\": [\"createdAt\"]}]",
        "counts config test.json: query 'q': groupBy field 'createdAt' has type Instant, not a scalar");
  }

  @Test
  public void windowOnANonTimestampField() {
    assertError("[{\"name\": \"q\", \"collection\": \"users\","
            + " \"window\": {\"field\": \"city\", \"period\": \"day\"}}]",
        "counts config test.json: query 'q': window field 'city' has type String, not a timestamp");
    assertError("[{\"name\": \"q\", \"collection\": \"users\","
            + " \"window\": {\"field\": \"createdAt\", \"period\": \"week\"}}]",
        "counts config test.json: query 'q': window period 'week' is not supported; use \"day\"");
  }

  @Test
  public void duplicateQueryNames() {
    assertError("[{\"name\": \"q\", \"collection\": \"users\"},"
            + " {\"name\": \"q\", \"collection\": \"likes\"}]",
        "counts config test.json: query 'q': duplicate query name; names must be unique");
  }

  @Test
  public void twoQueriesProducingTheSameKey() {
    assertError("[{\"name\": \"superlikes\", \"collection\": \"likes\","
            + " \"where\": {\"kind\": \"superlike\"}},"
            + " {\"name\": \"by_kind\", \"collection\": \"likes\", \"groupBy\": [\"kind\"]}]",
        "counts config test.json: query 'by_kind': can write the same key as query 'superlikes'"
            + " (count:likes:kind=superlike); make their filters differ");
    assertError("[{\"name\": \"a\", \"collection\": \"messages\","
            + " \"window\": {\"field\": \"sentAt\", \"period\": \"day\"}},"
            + " {\"name\": \"b\", \"collection\": \"messages\","
            + " \"window\": {\"field\": \"sentAt\", \"period\": \"day\"}}]",
        "counts config test.json: query 'b': can write the same key as query 'a'"
            + " (count:messages:sentAt={YYYY-MM-DD})");
  }

  @Test
  public void queriesWithDifferingFixedValuesOrNamesDoNotCollide() {
    CountsConfig config = CountsConfig.parse("test.json", "["
        + "{\"name\": \"likes\", \"collection\": \"likes\", \"where\": {\"kind\": \"like\"}},"
        + "{\"name\": \"passes\", \"collection\": \"likes\", \"where\": {\"kind\": \"pass\"}},"
        + "{\"name\": \"all_likes\", \"collection\": \"likes\"},"
        + "{\"name\": \"all_users\", \"collection\": \"users\"},"
        + "{\"name\": \"active\", \"collection\": \"users\", \"activeOnly\": true},"
        + "{\"name\": \"by_status\", \"collection\": \"users\", \"groupBy\": [\"status\"]}]");
    assertEquals(6, config.queries().size());
  }

  @Test
  public void otherMistakesAreNamedToo() {
    assertError("[{\"name\": \"q\", \"collection\": \"likes\", \"activeOnly\": true}]",
        "counts config test.json: query 'q': \"activeOnly\" applies to users only, not likes");
    assertError("[{\"name\": \"q\", \"collection\": \"likes\", \"where\": {\"kind\": \"love\"}}]",
        "counts config test.json: query 'q': where value 'love' of 'kind' can never match:"
            + " expected one of [like, superlike, pass]");
    assertError("[{\"name\": \"q\", \"collection\": \"likes\", \"groupby\": [\"kind\"]}]",
        "counts config test.json: query 'q': unknown property 'groupby'");
    assertError("[{\"name\": \"q\", \"collection\": \"likes\", \"where\": {\"kind\": \"like\"},"
            + " \"groupBy\": [\"kind\"]}]",
        "counts config test.json: query 'q': field 'kind' is used twice");
    assertError("[{\"collection\": \"likes\"}]",
        "counts config test.json: query #1: needs a \"name\"");
  }

  @Test
  public void anIntegerWrittenOtherwiseThanRecordsPrintItIsRefusedWithItsCanonicalForm() {
    for (String written : List.of("03", "+3")) {
      assertError("[{\"name\": \"q\", \"collection\": \"users\", \"where\": {\"photoCount\": \""
              + written + "\"}}]",
          "counts config test.json: query 'q': where value '" + written + "' of 'photoCount' can"
              + " never match: write the integer as 3");
    }
    assertError("[{\"name\": \"q\", \"collection\": \"users\", \"where\": {\"photoCount\": \"-0\"}}]",
        "counts config test.json: query 'q': where value '-0' of 'photoCount' can never match:"
            + " write the integer as 0");
    assertError("[{\"name\": \"q\", \"collection\": \"users\", \"where\": {\"photoCount\":"
            + " 3000000000}}]",
        "counts config test.json: query 'q': where value '3000000000' of 'photoCount' can never"
            + " match: expected an integer that fits in 32 bits");
  }

  @Test
  public void anIntegerWrittenAsRecordsPrintItIsAccepted() {
    CountsConfig config = CountsConfig.parse("test.json", "[{\"name\": \"q\", \"collection\":"
        + " \"users\", \"where\": {\"photoCount\": \"-3\"}},"
        + "{\"name\": \"r\", \"collection\": \"users\", \"where\": {\"photoCount\": 0}}]");
    assertEquals("-3", config.queries().get(0).where().get("photoCount"));
    assertEquals("0", config.queries().get(1).where().get("photoCount"));
  }

  private static void assertError(String json, String expectedStart) {
    assertError(() -> CountsConfig.parse("test.json", json), expectedStart);
  }

  private static void assertError(org.junit.function.ThrowingRunnable load, String expectedStart) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, load);
    assertTrue("message was: " + e.getMessage(), e.getMessage().startsWith(expectedStart));
    assertFalse("one line: " + e.getMessage(), e.getMessage().contains("\n"));
  }
}
