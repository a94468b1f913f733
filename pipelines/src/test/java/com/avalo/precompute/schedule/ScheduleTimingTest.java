package com.avalo.precompute.schedule;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.Test;

/** {@code --window} as the scheduled-run commands read it. */
public class ScheduleTimingTest {
  private static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");

  private static ScheduleTiming every10Minutes(String zone) {
    return new ScheduleTiming("chats", Cadence.parse("*/10 * * * *", zone), Duration.ofMinutes(30),
        3, Duration.ofHours(1));
  }

  @Test
  public void aDateIsItsMidnightOnTheSchedulesClock() {
    assertEquals(Instant.parse("2026-12-05T00:00:00Z"),
        every10Minutes("Etc/UTC").window("2026-12-05", NOW).start());
    assertEquals("midnight in Paris", Instant.parse("2026-12-04T23:00:00Z"),
        every10Minutes("Europe/Paris").window("2026-12-05", NOW).start());
    assertEquals(Instant.parse("2026-12-05T10:20:00Z"),
        every10Minutes("Etc/UTC").window("2026-12-05T10:20:00Z", NOW).start());
  }

  @Test
  public void neitherAnInstantNorADateSaysBoth() {
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> every10Minutes("Etc/UTC").window("yesterday", NOW));
    assertTrue(refused.getMessage(), refused.getMessage().contains("nor a date"));
  }
}
