package com.avalo.precompute.store;

import com.avalo.precompute.io.FirestoreQos;
import com.avalo.precompute.io.PrecomputeOptions;
import com.avalo.precompute.io.RunSettings;
import com.avalo.precompute.schemas.CacheDocument;
import com.avalo.precompute.serving.store.CacheStore;
import com.avalo.precompute.serving.store.LastWriters;
import com.avalo.precompute.serving.store.LastWriters.LastWriter;
import com.avalo.precompute.serving.store.FirestoreStoreSpec;
import com.avalo.precompute.serving.store.SqliteStoreSpec;
import com.avalo.precompute.serving.store.StoreSpec;
import java.nio.file.Files;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The writer of each kind of store: the one place the pipelines pick an implementation by kind,
 * through {@link StoreSpec.Visitor} so that a new kind fails to compile here until it has one.
 */
public final class StoreWriters {
  private StoreWriters() {}

  /** Which of {@code keys} the store of {@code spec} holds, one key read each. */
  static Set<String> holding(StoreSpec spec, List<String> keys) {
    Set<String> held = new HashSet<>();
    try (CacheStore store = spec.open()) {
      for (String key : keys) {
        // Keys sort after their prefixes, so the first key from this one on is itself if held.
        if (store.keysWithPrefix(key, 1).equals(List.of(key))) {
          held.add(key);
        }
      }
    }
    return held;
  }

  static Optional<CacheDocument> firstWithPrefix(StoreSpec spec, String prefix) {
    try (CacheStore store = spec.open()) {
      List<String> first = store.keysWithPrefix(prefix, 1);
      return first.isEmpty() ? Optional.empty() : store.get(first.get(0));
    }
  }

  static Map<String, LastWriter> lastWriters(StoreSpec spec, List<String> jobs) {
    Map<String, LastWriter> found = new LinkedHashMap<>();
    try (LastWriters writers = spec.openLastWriters()) {
      jobs.forEach(job -> writers.get(job).ifPresent(mark -> found.put(job, mark)));
    }
    return found;
  }

  static Optional<LastWriter> markWriting(StoreSpec spec, Map<String, LastWriter> seen,
      List<LastWriter> marks) {
    try (LastWriters writers = spec.openLastWriters()) {
      for (LastWriter mark : marks) {
        Optional<LastWriter> other =
            writers.replace(Optional.ofNullable(seen.get(mark.job())), mark);
        if (other.isPresent()) {
          return other;
        }
      }
    }
    return Optional.empty();
  }

  /**
   * The writer of the store {@code settings} name. The embedded store writes dead letters to
   * {@link RunSettings#deadLetterDir()} (next to its file when unset); Firestore to
   * {@code --deadLetterCollection}, throttled and retried as the run's options say ({@link FirestoreQos}).
   */
  public static StoreWriter forRun(RunSettings settings, PrecomputeOptions options) {
    return settings.store().accept(new StoreSpec.Visitor<StoreWriter>() {
      @Override
      public StoreWriter sqlite(SqliteStoreSpec spec) {
        return new SqliteStoreWriter(spec, settings.deadLetterDir());
      }

      @Override
      public StoreWriter firestore(FirestoreStoreSpec spec) {
        return new FirestoreStoreWriter(spec, options.getDeadLetterCollection(),
            FirestoreQos.of(options));
      }
    });
  }

  /**
   * The writer of a dry run of a run with {@code settings}: the store is read as the run's writer
   * reads it, through {@link StoreSpec#forReading()} so that an SQLite file is opened read-only,
   * and never written ({@link DryRunStoreWriter}). An embedded store whose file does not exist
   * yet is taken as empty rather than opened.
   */
  public static StoreWriter dryRun(RunSettings settings, PrecomputeOptions options) {
    StoreSpec spec = settings.store().forReading();
    StoreWriter real = forRun(settings.withStore(spec), options);
    boolean exists = spec.accept(new StoreSpec.Visitor<Boolean>() {
      @Override
      public Boolean sqlite(SqliteStoreSpec sqlite) {
        return Files.exists(sqlite.path());
      }

      @Override
      public Boolean firestore(FirestoreStoreSpec firestore) {
        return true;
      }
    });
    return new DryRunStoreWriter(real, exists);
  }
}
