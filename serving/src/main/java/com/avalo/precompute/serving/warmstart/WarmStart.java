package com.avalo.precompute.serving.warmstart;

import com.avalo.precompute.schemas.CacheKey;
import com.avalo.precompute.serving.CacheClient;
import com.avalo.precompute.serving.store.HotKeys;
import com.github.benmanes.caffeine.cache.Ticker;
import com.google.common.util.concurrent.ThreadFactoryBuilder;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Starts an instance warm: before it is ready, it preloads the keys that the instances before it
 * read most ({@link HotKeys}), hottest first, within a memory budget; and while it runs it saves
 * its own hottest keys (Caffeine's frequency sketch, {@link CacheClient#hottestKeys}) every
 * {@link Settings#saveEvery} and once more when it closes, for the next instance.
 *
 * <p>Readiness waits for the preload at most {@link Settings#readinessBound}: past that the
 * instance reports ready and the preload goes on in the background until it is done or the
 * budget is spent. The budget is checked between batches, so memory may exceed it by one batch.
 * A failed list read or a failed batch (store down) ends the preload, logged: the instance then
 * starts cold, as it would without a warm start.
 *
 * <pre>{@code
 * WarmStart warm = WarmStart.begin(client, new FileHotKeys(Path.of("hot-keys.txt")),
 *     WarmStart.Settings.DEFAULT);
 * readiness = () -> { warm.checkReady(); client.checkStore(probeKey, timeout); };
 * ...
 * warm.close();   // before client.close(): saves the hottest keys
 * }</pre>
 */
public final class WarmStart implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(WarmStart.class.getName());

  /**
   * @param budgetBytes memory weight of documents to preload at most (give or take a batch)
   * @param readinessBound how long readiness waits for the preload at most
   * @param maxKeys how many hot keys to save, and to preload at most
   * @param batchKeys keys per batched store read of the preload
   * @param saveEvery how often the hottest keys are saved while running
   */
  public record Settings(long budgetBytes, Duration readinessBound, int maxKeys, int batchKeys,
      Duration saveEvery) {
    /** 64 MiB (half the memory tier's default), 15 s, 20,000 keys, 300 per batch, every minute. */
    public static final Settings DEFAULT =
        new Settings(64L << 20, Duration.ofSeconds(15), 20_000, 300, Duration.ofMinutes(1));

    public Settings {
      if (budgetBytes < 0 || maxKeys < 0 || batchKeys < 1) {
        throw new IllegalArgumentException("warm start needs budgetBytes >= 0, maxKeys >= 0 and"
            + " batchKeys >= 1, not " + budgetBytes + ", " + maxKeys + ", " + batchKeys);
      }
      Objects.requireNonNull(readinessBound, "readinessBound");
      Objects.requireNonNull(saveEvery, "saveEvery");
      // Checked here, not when the periodic save is scheduled: by then the preload had started
      // on the worker, and begin() threw with no handle left to stop it.
      if (saveEvery.isNegative() || saveEvery.isZero()) {
        throw new IllegalArgumentException("warm start needs saveEvery > 0, not " + saveEvery);
      }
      if (readinessBound.isNegative()) {
        throw new IllegalArgumentException("warm start needs readinessBound >= 0, not "
            + readinessBound);
      }
    }
  }

  /**
   * How far the preload got.
   *
   * @param listed hot keys found (at most {@link Settings#maxKeys})
   * @param requested keys asked of the store so far
   * @param bytes memory weight of the documents loaded
   * @param millis time the preload took, or has taken so far
   * @param done whether the preload has ended (finished, budget spent, failed or closed)
   * @param failure why it ended early, or null
   */
  public record Progress(int listed, int requested, long bytes, long millis, boolean done,
      String failure) {}

  private final CacheClient client;
  private final HotKeys hotKeys;
  private final Settings settings;
  private final Ticker ticker;
  private final ScheduledExecutorService worker;
  private final long startedAt;
  private volatile Progress progress = new Progress(0, 0, 0, 0, false, null);
  private volatile boolean closed;
  /**
   * Whether a preload began and has not run its course (the list, the budget, or a failure):
   * memory then holds a part of the list it read, and saving that would cut the list.
   */
  private volatile boolean preloadUnfinished;
  /** What {@link #validKeys} left out, for the closing log line; empty when nothing. */
  private volatile String skipped = "";

  WarmStart(CacheClient client, HotKeys hotKeys, Settings settings, Ticker ticker,
      ScheduledExecutorService worker) {
    this.client = client;
    this.hotKeys = hotKeys;
    this.settings = settings;
    this.ticker = ticker;
    this.worker = worker;
    this.startedAt = ticker.read();
  }

  /** Starts preloading into {@code client} in the background, and saving its hottest keys. */
  public static WarmStart begin(CacheClient client, HotKeys hotKeys, Settings settings) {
    ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(
        new ThreadFactoryBuilder().setNameFormat("avalo-warm-start").setDaemon(true).build());
    return new WarmStart(client, hotKeys, settings, Ticker.systemTicker(), worker).schedule();
  }

  /**
   * Reads the list of hot keys now, so that an instance with none to preload is ready at once,
   * then preloads them in the background and schedules the periodic saves.
   */
  WarmStart schedule() {
    List<String> keys;
    try {
      keys = hotKeys.load();
    } catch (RuntimeException e) {
      keys = null;
      finish(0, 0, 0, "cannot read the hot keys: " + e.getMessage());
    }
    if (keys != null) {
      keys = validKeys(keys);
    }
    if (keys != null && keys.isEmpty()) {
      finish(0, 0, 0, null);
    } else if (keys != null) {
      List<String> listed = keys.subList(0, Math.min(keys.size(), settings.maxKeys()));
      progress = new Progress(listed.size(), 0, 0, 0, false, null);
      preloadUnfinished = true;
      worker.execute(() -> preload(listed));
    }
    long every = settings.saveEvery().toNanos();
    worker.scheduleWithFixedDelay(this::saveQuietly, every, every, TimeUnit.NANOSECONDS);
    return this;
  }

  /** How far the preload got. */
  public Progress progress() {
    return progress;
  }

  /** Whether the instance may report ready: the preload has ended or the bound has passed. */
  public boolean isReady() {
    // Saturated: "forever" as Duration.ofSeconds(Long.MAX_VALUE) overflowed toNanos().
    long bound = settings.readinessBound().compareTo(Duration.ofNanos(Long.MAX_VALUE)) >= 0
        ? Long.MAX_VALUE : settings.readinessBound().toNanos();
    return progress.done() || ticker.read() - startedAt >= bound;
  }

  /** Returns when {@link #isReady}; else throws saying how far the preload got. */
  public void checkReady() {
    if (!isReady()) {
      Progress now = progress;
      long left = settings.readinessBound().toMillis()
          - TimeUnit.NANOSECONDS.toMillis(ticker.read() - startedAt);
      throw new IllegalStateException("warming up: " + now.requested() + " of " + now.listed()
          + " hot keys from " + hotKeys.describe() + " asked for, " + now.bytes() / 1024
          + " KiB loaded; ready within " + left + " ms at the latest");
    }
  }

  /**
   * Saves the client's hottest keys now, unless memory holds none, or only part of the preload
   * (it is still running, or was stopped by {@link #close}): the last list is kept then.
   */
  public void save() {
    if (preloadUnfinished) {
      return;
    }
    List<String> hottest = client.hottestKeys(settings.maxKeys());
    if (!hottest.isEmpty()) {
      hotKeys.save(hottest);
    }
  }

  /** Stops the preload and the periodic saves, then saves the hottest keys one last time. */
  @Override
  public void close() {
    abandon();
    saveQuietly();
  }

  /**
   * Stops the preload and the periodic saves without saving: for an instance that never served
   * (it failed to start), whose memory says nothing about what is read most. The list the next
   * instance reads stays as it was.
   */
  public void abandon() {
    closed = true;
    worker.shutdownNow();
  }

  /**
   * The keys of the list that are valid cache keys. The list outlives releases (it is shared in
   * Firestore across a rolling deploy), so a key of a form this release does not know is skipped
   * and said, rather than failing its batch and with it the rest of the preload.
   */
  private List<String> validKeys(List<String> keys) {
    List<String> valid = new ArrayList<>(keys.size());
    String firstInvalid = null;
    for (String key : keys) {
      if (key != null && CacheKey.isValid(key)) {
        valid.add(key);
      } else if (firstInvalid == null) {
        String text = String.valueOf(key);
        firstInvalid = text.length() <= 80 ? text : text.substring(0, 80) + "...";
      }
    }
    int invalid = keys.size() - valid.size();
    if (invalid > 0) {
      skipped = "; skipped " + invalid + " that are not cache keys (first: '" + firstInvalid + "')";
    }
    return valid;
  }

  private void preload(List<String> listed) {
    int requested = 0;
    long bytes = 0;
    String failure = null;
    for (int from = 0; from < listed.size() && bytes < settings.budgetBytes() && !closed;
        from += settings.batchKeys()) {
      List<String> batch = listed.subList(from, Math.min(listed.size(), from + settings.batchKeys()));
      try {
        bytes += client.preload(batch).join();
      } catch (RuntimeException e) {
        if (closed) {
          break; // the client closed under the batch: not a store failure worth a warning
        }
        failure = "a batch of " + batch.size() + " keys failed: " + e.getMessage();
        break;
      }
      requested += batch.size();
      progress = new Progress(listed.size(), requested, bytes, elapsedMillis(), false, null);
    }
    if (!closed) {
      preloadUnfinished = false;
    }
    finish(listed.size(), requested, bytes, failure);
  }

  private void finish(int listed, int requested, long bytes, String failure) {
    progress = new Progress(listed, requested, bytes, elapsedMillis(), true, failure);
    String line = "warm start: preloaded " + requested + " of " + listed + " hot keys from "
        + hotKeys.describe() + ", " + bytes / 1024 + " KiB, in " + progress.millis() + " ms"
        + skipped + (failure == null ? "" : "; stopped: " + failure);
    LOG.log(failure == null ? Level.INFO : Level.WARNING, line);
  }

  private void saveQuietly() {
    try {
      save();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "could not save the hot keys to " + hotKeys.describe() + ": "
          + e.getMessage());
    }
  }

  private long elapsedMillis() {
    return TimeUnit.NANOSECONDS.toMillis(ticker.read() - startedAt);
  }
}
