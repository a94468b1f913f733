package com.avalo.precompute.io;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.avalo.precompute.schemas.Json;
import com.avalo.precompute.source.BadRecordException;
import com.avalo.precompute.source.ReasonText;
import com.avalo.precompute.source.SourceCollection;
import com.avalo.precompute.source.SourceLines;
import com.avalo.precompute.source.SourceRecords.Like;
import com.avalo.precompute.source.SourceRecords.LikeKind;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.junit.Rule;
import org.junit.Test;

/**
 * A record with a 3 MB field becomes a dead letter whose reason quotes a few hundred characters
 * of it, whatever check rejected it; the record is kept once, in the payload, cut.
 */
public class DeadLetterSizeTest {
  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  private static final String HUGE = "x".repeat(3_000_000);
  private static final String USER = SourceLines.USER;

  @Test
  public void aHugeValueInAnyCheckedFieldIsQuotedShort() throws Exception {
    List<String> reasons = new ArrayList<>();
    for (String field : List.of("id", "gender", "birthDate", "createdAt", "status")) {
      reasons.add(rejection(SourceCollection.USERS, with(USER, field, HUGE)));
    }
    reasons.add(rejection(SourceCollection.USERS, with(USER, "interestedIn", HUGE)));
    ObjectNode wrongType = (ObjectNode) Json.read(USER);
    wrongType.putArray("interests").addObject().put("k", HUGE);
    reasons.add(rejection(SourceCollection.USERS, wrongType.toString()));
    reasons.add(rejection(SourceCollection.LIKES, "{\"id\":\"l1\",\"fromUserId\":\"" + HUGE
        + "\",\"toUserId\":\"" + HUGE
        + "\",\"kind\":\"like\",\"createdAt\":\"2026-01-01T00:00:00Z\"}"));
    reasons.add(rejection(SourceCollection.PURCHASES, "{\"id\":\"p1\",\"userId\":\"u1\","
        + "\"productId\":\"t\",\"tokens\":1,\"amountMinor\":1,\"currency\":\"" + HUGE
        + "\",\"status\":\"completed\",\"createdAt\":\"2026-01-01T00:00:00Z\"}"));
    reasons.add(rejection(SourceCollection.CHATS, "{\"id\":\"c1\",\"participants\":[\"a\",\"b\"],"
        + "\"createdAt\":\"2026-01-01T00:00:00Z\",\"lastReadAt\":{\"" + HUGE + "\":\"x\"}}"));
    for (String reason : reasons) {
      assertTrue(reason.length() + " chars: " + reason.substring(0, Math.min(80, reason.length())),
          reason.length() < 2 * ReasonText.MAX_QUOTED_CHARS + 200);
      assertTrue(reason, reason.matches("(?s).*\\.\\.\\.\\(300000[0-9] chars\\).*"));
    }
  }

  @Test
  public void aParsedRecordWithAThreeMegabyteFieldBecomesASmallDeadLetter() {
    PCollectionTuple parsed = pipeline
        .apply(Create.of(new SourceLine("users.ndjson:1", with(USER, "gender", HUGE))))
        .apply(new ParseRecords<>(SourceCollection.USERS, "profiles"));
    PCollection<DeadLetter> letters = parsed.get(ParseRecords.DEAD_LETTERS);
    PAssert.thatSingleton(letters).satisfies(letter -> {
      assertEquals("users.ndjson:1", letter.origin());
      assertTrue(letter.reason(),
          letter.reason().startsWith("field 'gender' has unknown value 'xxx"));
      assertTrue(letter.reason().length() < 400);
      assertEquals(DeadLetter.MAX_PAYLOAD_CHARS, letter.payload().length());
      assertTrue(letter.toJson().length() < 12_000);
      return null;
    });
    pipeline.run().waitUntilFinish();
  }

  @Test
  public void aPayloadIsNotCutInsideAnEmoji() {
    int before = DeadLetter.MAX_PAYLOAD_CHARS - "...(truncated)".length() - 1;
    String payload = "a".repeat(before) + "\uD83D\uDE00" + "b".repeat(100);
    String kept = DeadLetter.of("profiles", "users", "users.ndjson:1", "why", payload).payload();
    assertEquals("a".repeat(before) + "...(truncated)", kept);
  }

  @Test
  public void aHugeMissingReferenceIsQuotedShort() {
    Like like = new Like("l1", HUGE, "u1", LikeKind.like, Instant.parse("2026-01-01T00:00:00Z"));
    DropDanglingReferences<Like> check = new DropDanglingReferences<>("feeds", "likes", Like.class,
        "user", pipeline.apply("Users", Create.of("u1")), Like::id,
        SourceCollection.LIKES::userReferences);
    PCollectionTuple checked = pipeline
        .apply("Likes", Create.of(like).withCoder(RecordCoder.of(Like.class)))
        .apply(check);
    PAssert.thatSingleton(checked.get(ParseRecords.DEAD_LETTERS)).satisfies(letter -> {
      assertTrue(letter.reason(), letter.reason().startsWith("refers to missing user xxx"));
      assertTrue(letter.reason().length() < 400);
      return null;
    });
    pipeline.run().waitUntilFinish();
  }

  @Test
  public void everyReasonIsCappedWhoeverBuiltIt() {
    DeadLetter letter = DeadLetter.of("write", "cache", HUGE, "store said: " + HUGE, HUGE);
    assertEquals(ReasonText.MAX_REASON_CHARS, letter.reason().length());
    assertEquals(DeadLetter.MAX_ORIGIN_CHARS, letter.origin().length());
    assertEquals(DeadLetter.MAX_PAYLOAD_CHARS, letter.payload().length());
    assertEquals("built by hand, as by of()", letter,
        new DeadLetter("write", "cache", HUGE, "store said: " + HUGE, HUGE));
    assertEquals("cut again, as when decoded: unchanged", letter, new DeadLetter(letter.job(),
        letter.collection(), letter.origin(), letter.reason(), letter.payload()));
    assertEquals("short", ReasonText.quote("short"));
    // A value is never cut inside a character.
    String mark = "...(201 chars)";
    int before = ReasonText.MAX_QUOTED_CHARS - mark.length() - 1;
    String value = "a".repeat(before) + "\uD83D\uDE00" + "b".repeat(201 - before - 2);
    assertEquals(201, value.length());
    assertEquals("a".repeat(before) + mark, ReasonText.quote(value));
  }

  private static String with(String json, String field, String value) {
    ObjectNode node = (ObjectNode) Json.read(json);
    node.put(field, value);
    return node.toString();
  }

  private static String rejection(SourceCollection<?> collection, String line) {
    try {
      collection.parse(Json.read(line));
    } catch (BadRecordException e) {
      return e.getMessage();
    }
    throw new AssertionError("accepted: " + line.substring(0, 100));
  }
}
