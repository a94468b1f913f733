package com.avalo.precompute.serving.http;

import com.avalo.precompute.serving.CacheClient;
import com.avalo.precompute.serving.store.FileHotKeys;
import com.avalo.precompute.serving.store.HotKeys;
import com.avalo.precompute.serving.store.StoreSpec;
import com.avalo.precompute.serving.warmstart.WarmStart;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The flags of {@code serve}'s warm start ({@link WarmStart}). */
final class WarmStartFlags {
  @Option(names = "--warm-start", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "Preload the keys the last instance read most before reporting ready, and"
          + " save this instance's every minute and on stop. Default: on (--no-warm-start: off)")
  boolean enabled = true;

  @Option(names = "--hot-keys", paramLabel = "FILE",
      description = "Keep hot keys in this file instead of the store's own place: on Firestore the"
          + " document precompute_serving_state/hot-keys-avalo, shared by the deployment's"
          + " instances; on SQLite CACHE_DB.hot-keys beside the file")
  Path location;

  @Option(names = "--warm-start-budget-mb", paramLabel = "MIB",
      description = "MiB of documents the warm start preloads at most. Default: 64")
  int budgetMb = 64;

  @Option(names = "--warm-start-seconds", paramLabel = "S",
      description = "Readiness waits this long at most for the preload; it goes on after."
          + " Default: 15")
  int readinessSeconds = 15;

  /** A started warm start and where it keeps the hot keys; closing saves them and lets go. */
  record Started(WarmStart warmStart, HotKeys hotKeys) implements AutoCloseable {
    @Override
    public void close() {
      warmStart.close();
      hotKeys.close();
    }

    /** Stops without saving the hot keys: for a service that failed to start. */
    public void abandon() {
      warmStart.abandon();
      hotKeys.close();
    }
  }

  /** Starts the warm start of {@code client}, or returns null when it is off. */
  Started start(CacheClient client, StoreSpec spec) {
    if (!enabled) {
      return null;
    }
    if (budgetMb < 0 || readinessSeconds < 0) {
      throw new IllegalArgumentException("--warm-start-budget-mb and --warm-start-seconds must not"
          + " be negative, were " + budgetMb + " and " + readinessSeconds);
    }
    WarmStart.Settings settings = new WarmStart.Settings((long) budgetMb << 20,
        Duration.ofSeconds(readinessSeconds), WarmStart.Settings.DEFAULT.maxKeys(),
        WarmStart.Settings.DEFAULT.batchKeys(), WarmStart.Settings.DEFAULT.saveEvery());
    HotKeys hotKeys = location != null ? new FileHotKeys(location) : spec.openHotKeys("avalo");
    return new Started(WarmStart.begin(client, hotKeys, settings), hotKeys);
  }
}
