package com.avalo.precompute.seed;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;

import com.google.cloud.Timestamp;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/** How records become Firestore fields, checked without an emulator. */
public class FirestoreFieldsTest {
  @Test
  public void userTimestampsBecomeTimestampsAndLocationStaysAMapOfDoubles() throws IOException {
    Map<String, Object> fields = FirestoreSeedLoader.fields(SeedCollection.USERS, SeedFiles.MAPPER
        .readTree("{\"id\":\"u1\",\"ageMin\":18,\"location\":{\"lat\":52.000000,\"lng\":21},"
            + "\"interests\":[\"yoga\"],\"verified\":true,"
            + "\"createdAt\":\"2026-11-20T13:05:07Z\",\"lastActiveAt\":\"2026-11-21T00:00:00Z\"}"));
    assertFalse("the id is the document id", fields.containsKey("id"));
    assertEquals(Timestamp.parseTimestamp("2026-11-20T13:05:07Z"), fields.get("createdAt"));
    assertThat(fields.get("lastActiveAt"), instanceOf(Timestamp.class));
    assertEquals(Map.of("lat", 52.0, "lng", 21.0), fields.get("location"));
    assertEquals(18L, fields.get("ageMin"));
    assertEquals(List.of("yoga"), fields.get("interests"));
    assertEquals(true, fields.get("verified"));
  }

  @Test
  public void messagesLoseTheirChatIdAndReadMarkersBecomeTimestampMaps() throws IOException {
    Map<String, Object> message = FirestoreSeedLoader.fields(SeedCollection.MESSAGES,
        SeedFiles.MAPPER.readTree("{\"id\":\"m1\",\"chatId\":\"c1\",\"senderId\":\"u1\","
            + "\"text\":\"hi 😀\",\"sentAt\":\"2026-11-20T13:05:07Z\"}"));
    assertThat(message.keySet(), is(java.util.Set.of("senderId", "text", "sentAt")));
    assertEquals("hi 😀", message.get("text"));
    Map<String, Object> chat = FirestoreSeedLoader.fields(SeedCollection.CHATS,
        SeedFiles.MAPPER.readTree("{\"id\":\"c1\",\"lastReadAt\":"
            + "{\"u1\":\"2026-11-20T13:05:07Z\",\"u2\":\"2026-11-20T14:00:00Z\"}}"));
    assertEquals(Map.of("u1", Timestamp.parseTimestamp("2026-11-20T13:05:07Z"),
        "u2", Timestamp.parseTimestamp("2026-11-20T14:00:00Z")), chat.get("lastReadAt"));
  }

  @Test
  public void aMalformedTimestampIsReportedWithItsField() {
    IOException error = assertThrows(IOException.class, () -> FirestoreSeedLoader.fields(
        SeedCollection.LIKES, SeedFiles.MAPPER.readTree("{\"id\":\"l1\",\"createdAt\":\"soon\"}")));
    assertThat(error.getMessage().contains("createdAt"), is(true));
  }
}
