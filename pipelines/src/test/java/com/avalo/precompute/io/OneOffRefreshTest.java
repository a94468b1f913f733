package com.avalo.precompute.io;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.avalo.precompute.schemas.DocumentType;
import java.time.Duration;
import java.time.Instant;
import org.junit.Test;

/**
 * A one-off run's documents expire one freshness after it started, and an unchanged stored
 * document is skipped exactly when it stays fresh for half a freshness more: checked for every
 * type one nanosecond either side of each boundary, with each type's default and with
 * {@code --freshFor}.
 */
public class OneOffRefreshTest {
  private static final Instant NOW = Instant.parse("2026-11-20T06:00:00.123456789Z");
  private static final Duration ONE_NANO = Duration.ofNanos(1);

  @Test
  public void expiryIsOneFreshnessAfterTheRunStarted() {
    for (DocumentType type : DocumentType.values()) {
      assertEquals(type.name(), NOW.plus(type.defaultFreshness()),
          new OneOffRefresh(NOW, null).expiresAt(type));
      assertEquals(type.name(), NOW.plus(Duration.ofMinutes(90)),
          new OneOffRefresh(NOW, Duration.ofMinutes(90)).expiresAt(type));
    }
  }

  @Test
  public void aStoredExpiryCoversTheNextRefreshFromHalfAFreshnessOn() {
    for (DocumentType type : DocumentType.values()) {
      assertBoundary(new OneOffRefresh(NOW, null), type, NOW.plus(type.defaultFreshness().dividedBy(2)));
      assertBoundary(new OneOffRefresh(NOW, Duration.ofMinutes(90)), type, NOW.plus(Duration.ofMinutes(45)));
    }
  }

  @Test
  public void whatThisRunWritesCoversTheNextRefreshAndWhatItWroteLongAgoDoesNot() {
    OneOffRefresh refresh = new OneOffRefresh(NOW, null);
    for (DocumentType type : DocumentType.values()) {
      assertTrue(refresh.coversNextRefresh(type, refresh.expiresAt(type)));
      OneOffRefresh later = new OneOffRefresh(NOW.plus(type.defaultFreshness().dividedBy(2)), null);
      assertTrue("rerun exactly half a freshness later still skips",
          later.coversNextRefresh(type, refresh.expiresAt(type)));
      OneOffRefresh tooLate = new OneOffRefresh(later.now().plus(ONE_NANO), null);
      assertFalse("one nanosecond later it rewrites", tooLate.coversNextRefresh(type, refresh.expiresAt(type)));
    }
  }

  @Test
  public void aFreshnessMustBePositive() {
    assertThrows(IllegalArgumentException.class, () -> new OneOffRefresh(NOW, Duration.ZERO));
  }

  private static void assertBoundary(RefreshPolicy refresh, DocumentType type, Instant boundary) {
    assertFalse(type.name(), refresh.coversNextRefresh(type, boundary.minus(ONE_NANO)));
    assertTrue(type.name(), refresh.coversNextRefresh(type, boundary));
    assertTrue(type.name(), refresh.coversNextRefresh(type, boundary.plus(ONE_NANO)));
  }
}
