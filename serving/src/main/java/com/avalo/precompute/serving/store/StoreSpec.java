package com.avalo.precompute.serving.store;

import java.io.Serializable;
import java.nio.file.Path;

/**
 * Which store to use, parsed from the {@code --store} flag: {@code sqlite:PATH} for the embedded
 * default, or {@code firestore} / {@code firestore:PROJECT} for Firestore (its emulator when
 * {@code emulatorHost} is set).
 *
 * @param kind the store kind
 * @param sqlitePath the database file, for {@link Kind#SQLITE}
 * @param project the Google Cloud project, for {@link Kind#FIRESTORE}
 * @param emulatorHost {@code host:port} of a Firestore emulator, or null for the real service
 * @param collection the Firestore collection holding cache documents
 */
public record StoreSpec(
    Kind kind, String sqlitePath, String project, String emulatorHost, String collection)
    implements Serializable {

  /** Firestore collection of cache documents unless configured otherwise. */
  public static final String DEFAULT_COLLECTION = "precompute_cache";

  /** The kinds of store. */
  public enum Kind { SQLITE, FIRESTORE }

  /**
   * Parses a store flag.
   *
   * @param spec {@code sqlite:PATH}, {@code firestore} or {@code firestore:PROJECT}
   * @param defaultProject the project for a bare {@code firestore}, may be null
   * @param emulatorHost emulator address or null
   * @throws IllegalArgumentException with the accepted forms when {@code spec} is none of them
   */
  public static StoreSpec parse(String spec, String defaultProject, String emulatorHost) {
    if (spec != null && spec.startsWith("sqlite:") && spec.length() > "sqlite:".length()) {
      String path = Path.of(spec.substring("sqlite:".length())).toAbsolutePath().toString();
      return new StoreSpec(Kind.SQLITE, path, null, null, null);
    }
    if ("firestore".equals(spec) || (spec != null && spec.startsWith("firestore:"))) {
      String project = spec.equals("firestore") ? defaultProject : spec.substring("firestore:".length());
      if (project == null || project.isBlank()) {
        throw new IllegalArgumentException("--store=firestore needs a project: pass"
            + " --firestore-project=ID (or --store=firestore:ID)");
      }
      return new StoreSpec(Kind.FIRESTORE, null, project, blankToNull(emulatorHost),
          DEFAULT_COLLECTION);
    }
    throw new IllegalArgumentException("unknown store '" + spec
        + "': use sqlite:PATH (embedded, e.g. sqlite:out/cache.db) or firestore[:PROJECT]");
  }

  /** The embedded store at {@code path}. */
  public static StoreSpec sqlite(Path path) {
    return new StoreSpec(Kind.SQLITE, path.toAbsolutePath().toString(), null, null, null);
  }

  /** A Firestore store, on the emulator when {@code emulatorHost} is not null. */
  public static StoreSpec firestore(String project, String emulatorHost) {
    return new StoreSpec(Kind.FIRESTORE, null, project, emulatorHost, DEFAULT_COLLECTION);
  }

  /** The same spec writing to another Firestore collection. */
  public StoreSpec withCollection(String newCollection) {
    return new StoreSpec(kind, sqlitePath, project, emulatorHost, newCollection);
  }

  @Override
  public String toString() {
    return switch (kind) {
      case SQLITE -> "sqlite:" + sqlitePath;
      case FIRESTORE -> "firestore:" + project + "/" + collection
          + (emulatorHost == null ? "" : " (emulator " + emulatorHost + ")");
    };
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
