package com.avalo.precompute.serving.http;

import com.avalo.precompute.serving.CacheClient;
import com.avalo.precompute.serving.store.FirestoreCacheStore;
import com.avalo.precompute.serving.store.StoreSpec;
import com.avalo.precompute.serving.warmstart.FileHotKeys;
import com.avalo.precompute.serving.warmstart.FirestoreHotKeys;
import com.avalo.precompute.serving.warmstart.HotKeys;
import com.avalo.precompute.serving.warmstart.WarmStart;
import com.google.cloud.firestore.Firestore;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The flags of {@code serve}'s warm start ({@link WarmStart}). */
final class WarmStartFlags {
  @Option(names = "--warm-start", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "Preload the keys the last instance read most before reporting ready, and"
          + " save this instance's every minute and on stop. Default: on (--no-warm-start: off)")
  boolean enabled = true;

  @Option(names = "--hot-keys", paramLabel = "FILE|firestore",
      description = "Where hot keys are kept: a file, or 'firestore' (document"
          + " precompute_serving_state/hot-keys-avalo, shared by the deployment's instances)."
          + " Default: firestore on a Firestore store, else CACHE_DB.hot-keys beside the SQLite file")
  String location;

  @Option(names = "--warm-start-budget-mb", paramLabel = "MIB",
      description = "MiB of documents the warm start preloads at most. Default: 64")
  int budgetMb = 64;

  @Option(names = "--warm-start-seconds", paramLabel = "S",
      description = "Readiness waits this long at most for the preload; it goes on after."
          + " Default: 15")
  int readinessSeconds = 15;

  /** A started warm start and the Firestore client it owns, if any; closing saves the hot keys. */
  record Started(WarmStart warmStart, Firestore ownClient) implements AutoCloseable {
    @Override
    public void close() {
      warmStart.close();
      if (ownClient != null) {
        try {
          ownClient.close();
        } catch (Exception ignored) {
          // Closing on shutdown: nothing left to save.
        }
      }
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
    Firestore firestore = null;
    HotKeys hotKeys;
    boolean onFirestore = location == null ? spec.kind() == StoreSpec.Kind.FIRESTORE
        : location.equals("firestore");
    if (onFirestore) {
      if (spec.kind() != StoreSpec.Kind.FIRESTORE) {
        throw new IllegalArgumentException("--hot-keys=firestore needs --store=firestore[:PROJECT];"
            + " give a FILE instead");
      }
      firestore = FirestoreCacheStore.client(spec.project(), spec.emulatorHost());
      hotKeys = new FirestoreHotKeys(firestore, FirestoreHotKeys.DEFAULT_COLLECTION, "avalo");
    } else {
      hotKeys = new FileHotKeys(Path.of(location != null ? location : spec.sqlitePath() + ".hot-keys"));
    }
    return new Started(WarmStart.begin(client, hotKeys, settings), firestore);
  }
}
