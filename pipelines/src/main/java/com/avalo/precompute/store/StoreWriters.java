package com.avalo.precompute.store;

import com.avalo.precompute.io.FirestoreQos;
import com.avalo.precompute.io.PrecomputeOptions;
import com.avalo.precompute.io.RunSettings;
import com.avalo.precompute.serving.store.FirestoreStoreSpec;
import com.avalo.precompute.serving.store.SqliteStoreSpec;
import com.avalo.precompute.serving.store.StoreSpec;

/**
 * The writer of each kind of store: the one place the pipelines pick an implementation by kind,
 * through {@link StoreSpec.Visitor} so that a new kind fails to compile here until it has one.
 */
public final class StoreWriters {
  private StoreWriters() {}

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
}
