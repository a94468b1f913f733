package com.avalo.precompute.source;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import com.avalo.precompute.schemas.Json;
import com.avalo.precompute.source.SourceRecords.Post;
import com.avalo.precompute.source.SourceRecords.Purchase;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.Test;

/**
 * Values a cache key or a sum cannot take are one record's dead letter at parsing. Found later,
 * an id refused by the key grammar or a sum that overflows failed the whole run (or, in plain
 * additions, wrapped into negative balances without a word).
 */
public class RecordLimitsTest {
  private static final String USER = SourceLines.USER;
  private static final String POST = "{\"id\":\"p1\",\"authorId\":\"u1\",\"text\":\"Sunset\","
      + "\"media\":[{\"id\":\"md1\",\"url\":\"https://cdn.example/md1.jpg\",\"width\":1080,\"height\":1350}],"
      + "\"createdAt\":\"2026-10-01T10:00:00Z\"}";
  private static final String PURCHASE = "{\"id\":\"pu1\",\"userId\":\"u1\",\"productId\":\"tokens_100\","
      + "\"tokens\":100,\"amountMinor\":499,\"currency\":\"USD\",\"status\":\"completed\","
      + "\"createdAt\":\"2026-10-01T10:00:00Z\"}";
  private static final String SPEND = "{\"id\":\"s1\",\"userId\":\"u1\",\"tokens\":30,"
      + "\"reason\":\"superlike\",\"createdAt\":\"2026-10-03T10:00:00Z\"}";

  @Test
  public void idsThatNameCacheKeysMustFitTheKeyGrammar() throws Exception {
    assertEquals("a".repeat(128), SourceCollection.USERS.parse(with(USER, "id", "a".repeat(128))).id());
    for (String id : new String[] {"user.with.dots", "a".repeat(129), "", "ü1", "a/b"}) {
      assertThat(refusal(SourceCollection.USERS, with(USER, "id", id)),
          startsWith("id cannot name a cache key: id '" + id + "' must be 1-128 characters of A-Z a-z 0-9 _ -"));
    }
    assertThat(refusal(SourceCollection.POSTS, with(POST, "id", "p.1")), startsWith("id cannot name a cache key"));
    ObjectNode badMedia = (ObjectNode) Json.read(POST);
    ((ObjectNode) badMedia.get("media").get(0)).put("id", "md 1");
    assertThat(refusal(SourceCollection.POSTS, badMedia), startsWith("id cannot name a cache key"));
    Post post = SourceCollection.POSTS.parse(Json.read(POST));
    assertEquals("md1", post.media().get(0).id());
  }

  @Test
  public void tokensAndAmountsStayWhereTheirSumsCannotOverflow() throws Exception {
    long most = RecordFields.MAX_QUANTITY;
    Purchase largest = SourceCollection.PURCHASES.parse(with(PURCHASE, "tokens", most));
    assertEquals(most, largest.tokens());
    for (String field : new String[] {"tokens", "amountMinor"}) {
      assertEquals("field '" + field + "' is out of range (0 to 1000000000000): 9223372036854775000",
          refusal(SourceCollection.PURCHASES, with(PURCHASE, field, 9_223_372_036_854_775_000L)));
      assertEquals("field '" + field + "' is out of range (0 to 1000000000000): -1",
          refusal(SourceCollection.PURCHASES, with(PURCHASE, field, -1)));
    }
    assertEquals("field 'tokens' is out of range (0 to 1000000000000): 1000000000001",
        refusal(SourceCollection.SPENDS, with(SPEND, "tokens", most + 1)));
    // Past a long: out of range too, not "not an integer".
    ObjectNode huge = (ObjectNode) Json.read(PURCHASE);
    huge.put("tokens", new java.math.BigInteger("10000000000000000000"));
    assertEquals("field 'tokens' is out of range: 10000000000000000000 is past what a 64-bit"
        + " integer holds", refusal(SourceCollection.PURCHASES, huge));
  }

  @Test
  public void valuesNoDocumentSchemaAcceptsAreRefusedAtParsing() throws Exception {
    String match = "{\"id\":\"m1\",\"userIds\":[\"u1\",\"u2\"],"
        + "\"createdAt\":\"2026-11-01T00:00:00Z\",\"chatId\":\"c1\"}";
    assertEquals("field 'id' is empty", refusal(SourceCollection.MATCHES, with(match, "id", "")));
    // Written by apps before the pair's chat exists: no chat yet, where a list's schema wants null.
    assertEquals(null, SourceCollection.MATCHES.parse(with(match, "chatId", "")).chatId());
    assertEquals("c1", SourceCollection.MATCHES.parse(Json.read(match)).chatId());

    ObjectNode noUrl = (ObjectNode) Json.read(POST);
    ((ObjectNode) noUrl.get("media").get(0)).put("url", "");
    assertEquals("media 'md1' has no url", refusal(SourceCollection.POSTS, noUrl));
    ObjectNode negative = (ObjectNode) Json.read(POST);
    ((ObjectNode) negative.get("media").get(0)).put("width", -1);
    assertEquals("media 'md1' has a negative size: -1x1350", refusal(SourceCollection.POSTS, negative));

    assertEquals("birthDate 2031-06-01 is after the account was created (createdAt"
            + " 2026-01-01T00:00:00Z)",
        refusal(SourceCollection.USERS, with(USER, "birthDate", "2031-06-01")));
    assertEquals(LocalDate.parse("2026-01-01"),
        SourceCollection.USERS.parse(with(USER, "birthDate", "2026-01-01")).birthDate());
  }

  /**
   * Found in exports of Python and JavaScript clients: a whole number written with a fraction
   * refused the user, and with them every like, match, chat and message naming them.
   */
  @Test
  public void aWholeNumberWithAFractionIsAnInteger() throws Exception {
    ObjectNode user = (ObjectNode) Json.read(USER);
    user.put("ageMin", 18.0).put("photoCount", 3.0);
    assertEquals(18, SourceCollection.USERS.parse(user).ageMin());
    assertEquals(3, SourceCollection.USERS.parse(user).photoCount());
    user.put("ageMin", 18.5);
    assertThat(refusal(SourceCollection.USERS, user), startsWith("field 'ageMin'"));
    user.put("ageMin", 1e30);
    assertThat(refusal(SourceCollection.USERS, user), startsWith("field 'ageMin'"));
  }

  @Test
  public void aZeroDateForAnUnknownBirthDateIsRefused() throws Exception {
    assertEquals("birthDate 0001-01-01 is before 1900-01-01: a placeholder for an unknown date,"
            + " not an age a card can show",
        refusal(SourceCollection.USERS, with(USER, "birthDate", "0001-01-01")));
    assertEquals(LocalDate.parse("1900-01-01"),
        SourceCollection.USERS.parse(with(USER, "birthDate", "1900-01-01")).birthDate());
  }

  /** A stray read marker refused the chat and every message in it; now only the marker goes. */
  @Test
  public void aReadMarkerOfANonParticipantIsLeftOutAndCounted() throws Exception {
    String chat = "{\"id\":\"c1\",\"participants\":[\"u1\",\"u2\"],"
        + "\"createdAt\":\"2026-01-01T00:00:00Z\",\"lastReadAt\":{\"u1\":\"2026-01-02T00:00:00Z\","
        + "\"u3\":\"2026-01-03T00:00:00Z\"}}";
    SourceCollection.Parsed<SourceRecords.Chat> parsed =
        SourceCollection.CHATS.parseNotingUnread(Json.read(chat));
    assertEquals(java.util.Set.of("u1"), parsed.record().lastReadAt().keySet());
    assertEquals(java.util.List.of("lastReadAt of a non-participant"), parsed.unreadFields());
  }

  /** A null read marker is a participant who never opened the chat, as a missing one is. */
  @Test
  public void aNullReadMarkerReadsAsNoneAndKeepsTheChat() throws Exception {
    String chat = "{\"id\":\"c1\",\"participants\":[\"u1\",\"u2\"],"
        + "\"createdAt\":\"2026-01-01T00:00:00Z\",\"lastReadAt\":{\"u1\":\"2026-01-02T00:00:00Z\","
        + "\"u2\":null}}";
    SourceCollection.Parsed<SourceRecords.Chat> parsed =
        SourceCollection.CHATS.parseNotingUnread(Json.read(chat));
    assertEquals(java.util.Set.of("u1"), parsed.record().lastReadAt().keySet());
    assertEquals(java.util.List.of(), parsed.unreadFields());
    String numeric = chat.replace("\"u2\":null", "\"u2\":1767312000");
    assertThat(refusal(SourceCollection.CHATS, (ObjectNode) Json.read(numeric)),
        startsWith("field 'lastReadAt.u2'"));
  }

  @Test
  public void aUserCannotLikeOrBlockThemself() throws Exception {
    // No job can use such a record (a block hides a pair of two users): without a refusal it
    // passed every check and vanished unseen.
    String like = "{\"id\":\"l1\",\"fromUserId\":\"u1\",\"toUserId\":\"u1\",\"kind\":\"like\","
        + "\"createdAt\":\"2026-11-01T00:00:00Z\"}";
    assertEquals("a user cannot like themself: u1", refusal(SourceCollection.LIKES, (ObjectNode) Json.read(like)));
    String block = "{\"id\":\"b1\",\"fromUserId\":\"u1\",\"toUserId\":\"u1\","
        + "\"createdAt\":\"2026-11-01T00:00:00Z\"}";
    assertEquals("a user cannot block themself: u1",
        refusal(SourceCollection.BLOCKS, (ObjectNode) Json.read(block)));
    assertEquals("u2", SourceCollection.BLOCKS.parse(with(block, "toUserId", "u2")).toUserId());
  }

  @Test
  public void timestampsRfc3339CannotWriteAreRefusedAtParsing() throws Exception {
    // Instant.parse takes signed years of five or more digits; a document would carry them as
    // "+275760-09-13T00:00:00Z", which no timestamp of the schemas accepts.
    for (String text : new String[] {"+275760-09-13T00:00:00.000Z", "+10000-01-01T00:00:00Z",
        "-000001-12-31T23:59:59Z", "9999-12-31T23:00:00-05:00"}) {
      assertEquals("field 'lastActiveAt' is not an RFC 3339 UTC timestamp (years 0000 to 9999 in"
              + " UTC): " + text,
          refusal(SourceCollection.USERS, with(USER, "lastActiveAt", text)));
    }
    assertEquals("field 'createdAt' is not an RFC 3339 UTC timestamp (years 0000 to 9999 in UTC):"
        + " -000001-01-01T00:00:00Z", refusal(SourceCollection.POSTS,
            with(POST, "createdAt", "-000001-01-01T00:00:00Z")));
    // The edges themselves are written as they are.
    assertEquals(Instant.parse("9999-12-31T23:59:59.999999999Z"), SourceCollection.USERS
        .parse(with(USER, "lastActiveAt", "9999-12-31T23:59:59.999999999Z")).lastActiveAt());
    assertEquals(Instant.parse("0000-01-01T00:00:00Z"), SourceCollection.POSTS
        .parse(with(POST, "createdAt", "0000-01-01T00:00:00Z")).createdAt());
  }

  private static ObjectNode with(String json, String field, String value) {
    ObjectNode node = (ObjectNode) Json.read(json);
    node.put(field, value);
    return node;
  }

  private static ObjectNode with(String json, String field, long value) {
    ObjectNode node = (ObjectNode) Json.read(json);
    node.put(field, value);
    return node;
  }

  private static String refusal(SourceCollection<?> collection, ObjectNode record) {
    return assertThrows(BadRecordException.class, () -> collection.parse(record)).getMessage();
  }
}
