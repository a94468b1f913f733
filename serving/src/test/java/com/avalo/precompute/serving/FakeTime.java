package com.avalo.precompute.serving;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** A clock and a ticker that move together, only when a test says so. */
final class FakeTime extends Clock implements Ticker {
  static final Instant START = Instant.parse("2026-11-20T12:00:00Z");

  /** Nanoseconds since START; the ticker reads an arbitrary origin plus this. */
  private final AtomicLong elapsed = new AtomicLong();
  private static final long TICKER_ORIGIN = 7_000_000_000L;

  void advance(Duration duration) {
    elapsed.addAndGet(duration.toNanos());
  }

  void advanceNanos(long nanos) {
    elapsed.addAndGet(nanos);
  }

  @Override
  public long read() {
    return TICKER_ORIGIN + elapsed.get();
  }

  @Override
  public Instant instant() {
    return START.plusNanos(elapsed.get());
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
