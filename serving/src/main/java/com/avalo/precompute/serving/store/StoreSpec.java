package com.avalo.precompute.serving.store;

import com.avalo.precompute.serving.invalidation.InvalidationBus;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Which store to use, parsed once from the {@code --store} flag: {@code sqlite:PATH} for the
 * embedded default ({@link SqliteStoreSpec}), or {@code firestore} / {@code firestore:PROJECT}
 * for Firestore, its emulator when an emulator host is given ({@link FirestoreStoreSpec}).
 *
 * <p>Each kind knows how to open its store, whether it offers an invalidation bus across
 * instances, and what its writers need; code outside the store packages asks the spec instead of
 * checking its kind. Code that must do something per kind that the spec cannot (a Beam writer,
 * which {@code serving} does not depend on) implements {@link Visitor}: adding a kind then fails
 * to compile wherever it is not handled.
 */
public sealed interface StoreSpec extends Serializable permits SqliteStoreSpec, FirestoreStoreSpec {

  /**
   * Parses a store flag.
   *
   * @param spec {@code sqlite:PATH}, {@code firestore} or {@code firestore:PROJECT}
   * @param defaultProject the project for a bare {@code firestore}, may be null
   * @param emulatorHost emulator address, or null or blank for the real service
   * @throws IllegalArgumentException with the accepted forms when {@code spec} is none of them
   */
  static StoreSpec parse(String spec, String defaultProject, String emulatorHost) {
    if (spec != null && spec.startsWith("sqlite:") && spec.length() > "sqlite:".length()) {
      return sqlite(Path.of(spec.substring("sqlite:".length())));
    }
    if ("firestore".equals(spec) || (spec != null && spec.startsWith("firestore:"))) {
      String project = spec.equals("firestore") ? defaultProject : spec.substring("firestore:".length());
      if (project == null || project.isBlank()) {
        throw new IllegalArgumentException("--store=firestore needs a project: pass"
            + " --firestore-project=ID (or --store=firestore:ID)");
      }
      return firestore(project, emulatorHost == null || emulatorHost.isBlank() ? null : emulatorHost);
    }
    throw new IllegalArgumentException("unknown store '" + spec
        + "': use sqlite:PATH (embedded, e.g. sqlite:out/cache.db) or firestore[:PROJECT]");
  }

  /** The embedded store at {@code path} (made absolute). */
  static SqliteStoreSpec sqlite(Path path) {
    return new SqliteStoreSpec(path.toString());
  }

  /**
   * Firestore's {@value FirestoreStoreSpec#DEFAULT_COLLECTION} collection in {@code project}, on
   * the emulator when {@code emulatorHost} is not null.
   */
  static FirestoreStoreSpec firestore(String project, String emulatorHost) {
    return new FirestoreStoreSpec(project, emulatorHost, FirestoreStoreSpec.DEFAULT_COLLECTION);
  }

  /**
   * Opens the store for reading and writing, creating it when that is how the kind works (an
   * SQLite file), and checks that it answers.
   *
   * @throws StoreUnavailableException saying which store failed and what to check
   */
  CacheStore open();

  /**
   * Opens a store that must already hold documents, for a command that only reads: opening a
   * mistyped SQLite path would create an empty file and read as an empty store. An SQLite file is
   * opened read-only, as {@link #forReading()}'s are.
   *
   * @throws StoreUnavailableException when the store is not there or does not answer
   */
  CacheStore openExisting();

  /**
   * The same store, for code that only reads it (a report, a listing of the run ledger, a dry
   * run). Everything an SQLite spec opens is then read-only: nothing in the file changes (no table
   * is made, the journal mode stays), a copy this process may not write can be read, and a missing
   * file or an SQLite database of something else is refused rather than created or changed.
   * Firestore's reads change nothing, so its spec is its own.
   */
  StoreSpec forReading();

  /**
   * A handle on one store shared by every caller in this JVM that asks for the same spec, opened
   * by the first and closed when the last handle is closed. For writers that run as many
   * instances at once (pipeline workers) and must not each open connections of their own.
   *
   * @throws StoreUnavailableException when the store cannot be opened
   */
  default CacheStore openShared() {
    return SharedStores.acquire(this);
  }

  /**
   * Opens the run ledger kept beside this store's documents ({@link RunLedger}): tables in the
   * embedded store's file (created when absent), a collection of the Firestore database. Checks
   * that it answers.
   *
   * @throws StoreUnavailableException saying which ledger failed and what to check
   */
  RunLedger openLedger();

  /**
   * Opens the marks of the run that last began writing each job, kept beside this store's
   * documents ({@link LastWriters}): a table of the embedded store's file (the file is created
   * when absent, the table by the first mark), a collection of the Firestore database. The
   * caller closes it.
   */
  LastWriters openLastWriters();

  /**
   * A new bus that carries invalidations between the serving instances in front of this store,
   * when the store offers one; empty when the store has no way to reach other instances (the
   * embedded store is local to one machine). The caller owns and closes the bus.
   */
  Optional<InvalidationBus> openInvalidationBus();

  /**
   * Where a serving deployment named {@code name} keeps its hottest keys for the next instance's
   * warm start, by default: beside the SQLite file, or one Firestore document that every instance
   * of the deployment shares. The caller closes it.
   */
  HotKeys openHotKeys(String name);

  /** Does the part of {@code visitor} meant for this kind. */
  <R> R accept(Visitor<R> visitor);

  /** Something done differently for each kind of store, one method per kind. */
  interface Visitor<R> {
    R sqlite(SqliteStoreSpec spec);

    R firestore(FirestoreStoreSpec spec);
  }
}
