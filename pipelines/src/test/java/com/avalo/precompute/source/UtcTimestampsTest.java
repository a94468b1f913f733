package com.avalo.precompute.source;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Random;
import org.junit.Test;

/** {@link UtcTimestamps#parse} answers exactly as {@link Instant#parse}: same instant, same error. */
public class UtcTimestampsTest {

  @Test
  public void plainTimestampsParseToTheSameInstant() {
    Random random = new Random(7);
    for (int i = 0; i < 200_000; i++) {
      // Years 0000-9999: the whole range the plain form can write.
      long seconds = random.nextLong(-62_167_219_200L, 253_402_300_800L);
      String text = Instant.ofEpochSecond(seconds).toString();
      if (text.length() == 20) {
        assertSameAnswer(text);
      }
    }
  }

  @Test
  public void edgesOfTheCalendarAndClockAgree() {
    for (String text : List.of("2024-02-29T00:00:00Z", "2023-02-29T00:00:00Z",
        "2000-02-29T12:00:00Z", "1900-02-29T12:00:00Z", "2026-04-31T00:00:00Z",
        "2026-12-31T23:59:60Z", "2026-06-30T23:59:60Z", "0000-01-01T00:00:00Z",
        "9999-12-31T23:59:59Z", "2026-00-10T00:00:00Z", "2026-13-10T00:00:00Z",
        "2026-01-00T00:00:00Z", "2026-01-32T00:00:00Z", "2026-01-01T24:00:00Z",
        "2026-01-01T00:60:00Z", "2026-01-01T00:00:61Z", "2026-01-01t00:00:00z",
        "2026-01-01T00:00:00.5Z", "2026-01-01T00:00:00+01:00", "2026-01-01 00:00:00Z",
        "+2026-01-01T00:00:0Z", "-001-01-01T00:00:00Z", "2026-1-01T00:00:00ZZ", "", "Z",
        "2026-01-01T00:00:00", "２０２６-01-01T00:00:00Z")) {
      assertSameAnswer(text);
    }
  }

  @Test
  public void damagedTimestampsAreRejectedAsTheJdkRejectsThem() {
    Random random = new Random(11);
    String alphabet = "0123456789-:TZtz+. x/";
    int rejected = 0;
    for (int i = 0; i < 200_000; i++) {
      char[] text = "2026-09-24T02:46:09Z".toCharArray();
      for (int edits = 1 + random.nextInt(2); edits > 0; edits--) {
        text[random.nextInt(text.length)] = alphabet.charAt(random.nextInt(alphabet.length()));
      }
      rejected += assertSameAnswer(new String(text)) ? 0 : 1;
    }
    assertTrue("the damage should produce rejections, got " + rejected, rejected > 10_000);
  }

  /** Whether the JDK accepts {@code text}; fails unless both parsers answer alike. */
  private static boolean assertSameAnswer(String text) {
    Instant expected;
    try {
      expected = Instant.parse(text);
    } catch (DateTimeParseException jdk) {
      try {
        Instant parsed = UtcTimestamps.parse(text);
        throw new AssertionError("'" + text + "' parsed to " + parsed + "; the JDK rejects it");
      } catch (DateTimeParseException fast) {
        assertEquals(text, jdk.getMessage(), fast.getMessage());
        return false;
      }
    }
    assertEquals(text, expected, UtcTimestamps.parse(text));
    return true;
  }
}
