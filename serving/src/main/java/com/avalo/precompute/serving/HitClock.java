package com.avalo.precompute.serving;

import com.github.benmanes.caffeine.cache.Ticker;
import com.google.common.util.concurrent.ThreadFactoryBuilder;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The time a memory hit compares its entry's deadlines with. Reading the ticker
 * ({@code System.nanoTime}) costs more than a whole plain Caffeine hit (JMH, serving/src/jmh), so
 * a coarse clock keeps a copy of the ticker that a daemon thread moves on every
 * {@link #TICK_INTERVAL} and that hits read as one volatile load.
 *
 * <p>The copy lags the ticker, normally by up to a tick, and by longer when the thread is starved
 * of CPU. A hit takes the copy's word only for deadlines more than {@link #toleranceNanos} away
 * ({@link #surelyBefore}); nearer ones are checked against the ticker itself. So an entry is
 * never served past its deadline unless the copy lags by more than the tolerance; reads that read
 * the ticker anyway (sampled hits, misses) move the copy on too when the thread has fallen more
 * than a tick behind, and a tick that finds the copy
 * lagging by more than the tolerance counts a stall ({@code avalo.cache.hit.clock.stalls}), the
 * moments in which an entry might have been served late.
 *
 * <p>With a tolerance of zero the clock is exact: every read is a ticker read and no thread runs.
 */
final class HitClock implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(HitClock.class.getName());
  /** How often the daemon thread moves the coarse copy on. */
  static final Duration TICK_INTERVAL = Duration.ofMillis(10);
  private static final long TICK_NANOS = TICK_INTERVAL.toNanos();
  /** The tolerance of clients on the system ticker unless told otherwise. */
  static final Duration DEFAULT_TOLERANCE = Duration.ofSeconds(1);

  private final Ticker ticker;
  private final long toleranceNanos;
  private final LongAdder stalls = new LongAdder();
  private volatile long coarse;
  private ScheduledExecutorService updater;

  /**
   * A coarse copy of {@code ticker}, moved only by {@link #tick} until {@link #start}ed; with a
   * tolerance of zero, a clock that reads {@code ticker} on every read.
   */
  HitClock(Ticker ticker, long toleranceNanos) {
    if (toleranceNanos < 0) {
      throw new IllegalArgumentException("tolerance must not be negative, not " + toleranceNanos);
    }
    this.ticker = ticker;
    this.toleranceNanos = toleranceNanos;
    this.coarse = ticker.read();
  }

  /** Starts the daemon thread that ticks every {@link #TICK_INTERVAL}; a no-op for an exact clock. */
  HitClock start() {
    if (!exact()) {
      updater = Executors.newSingleThreadScheduledExecutor(new ThreadFactoryBuilder()
          .setNameFormat("avalo-cache-hit-clock-%d").setDaemon(true).build());
      long interval = TICK_INTERVAL.toNanos();
      updater.scheduleAtFixedRate(this::tick, interval, interval, TimeUnit.NANOSECONDS);
    }
    return this;
  }

  /** The ticker's reading, or the coarse copy of it: never ahead of the ticker. */
  long read() {
    return exact() ? ticker.read() : coarse;
  }

  /**
   * Whether {@code deadline} is surely still ahead when this clock read {@code approximateNow}:
   * further ahead than the tolerance, which covers the copy's lag. When false, read the ticker.
   */
  boolean surelyBefore(long approximateNow, long deadline) {
    return Nanos.plus(approximateNow, toleranceNanos) < deadline;
  }

  /** Reads the ticker itself, moving the coarse copy on with what it read. */
  long readExact() {
    long now = ticker.read();
    observed(now);
    return now;
  }

  /**
   * Moves the coarse copy on to {@code tickerNow}, a ticker reading, if the copy lags it by more
   * than a tick: the daemon thread is behind. Otherwise leaves it to the thread, so that hits on
   * other cores do not lose the copy from their caches to every exact read.
   */
  void observed(long tickerNow) {
    // Racing writers may leave the copy a little behind the newest reading: it only ever lags.
    if (!exact() && tickerNow - coarse > TICK_NANOS) {
      coarse = tickerNow;
    }
  }

  /** Moves the coarse copy on to the ticker, counting a stall if it had fallen behind the tolerance. */
  void tick() {
    long now = ticker.read();
    long lag = now - coarse;
    if (lag > toleranceNanos && !exact()) {
      stalls.increment();
      LOG.log(Level.WARNING, "the cache's hit clock lagged " + TimeUnit.NANOSECONDS.toMillis(lag)
          + " ms, more than its tolerance of " + TimeUnit.NANOSECONDS.toMillis(toleranceNanos)
          + " ms: memory entries within that lag of their deadline may have been served late");
    }
    if (!exact() && now > coarse) {
      coarse = now;
    }
  }

  /** Nanoseconds the coarse copy is behind the ticker now; 0 for an exact clock. */
  long lagNanos() {
    return exact() ? 0 : Math.max(0, ticker.read() - coarse);
  }

  /** Ticks that found the copy lagging by more than the tolerance. */
  long stalls() {
    return stalls.sum();
  }

  private boolean exact() {
    return toleranceNanos == 0;
  }

  @Override
  public void close() {
    if (updater != null) {
      updater.shutdownNow();
    }
  }
}
