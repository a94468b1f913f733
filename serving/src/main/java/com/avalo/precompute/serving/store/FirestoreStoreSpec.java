package com.avalo.precompute.serving.store;

import com.avalo.precompute.serving.invalidation.FirestoreInvalidationBus;
import com.avalo.precompute.serving.invalidation.InvalidationBus;
import java.util.Optional;

/**
 * Cache documents in a Firestore collection ({@link FirestoreCacheStore}).
 *
 * @param project the Google Cloud project
 * @param emulatorHost {@code host:port} of a Firestore emulator, or null for the real service
 * @param collection the collection holding cache documents
 */
public record FirestoreStoreSpec(String project, String emulatorHost, String collection)
    implements StoreSpec {

  /** Firestore collection of cache documents unless configured otherwise. */
  public static final String DEFAULT_COLLECTION = "precompute_cache";
  /** The database the store is in: the project's default one, wherever the source is. */
  public static final String DATABASE = "(default)";

  /** The same store's {@code otherCollection}. */
  public FirestoreStoreSpec withCollection(String otherCollection) {
    return new FirestoreStoreSpec(project, emulatorHost, otherCollection);
  }

  /**
   * The full resource name of the document {@code id} in this collection, as Firestore's API
   * (and so FirestoreIO) names documents.
   */
  public String documentName(String id) {
    return "projects/" + project + "/databases/" + DATABASE + "/documents/" + collection + "/" + id;
  }

  @Override
  public FirestoreCacheStore open() {
    return FirestoreCacheStore.open(this);
  }

  /** As {@link #open}: a Firestore collection exists once it is written to, so there is nothing to miss. */
  @Override
  public FirestoreCacheStore openExisting() {
    return open();
  }

  /** Itself: opening a Firestore store, its ledger or its marks writes nothing. */
  @Override
  public FirestoreStoreSpec forReading() {
    return this;
  }

  /** The {@value FirestoreRunLedger#COLLECTION} collection of this store's database. */
  @Override
  public FirestoreRunLedger openLedger() {
    return FirestoreRunLedger.open(this);
  }

  @Override
  public FirestoreLastWriters openLastWriters() {
    return FirestoreLastWriters.open(this);
  }

  /** A {@link FirestoreInvalidationBus} on its own client in this project (or emulator). */
  @Override
  public Optional<InvalidationBus> openInvalidationBus() {
    return Optional.of(FirestoreInvalidationBus.open(project, emulatorHost));
  }

  /** One document, shared by the deployment's instances, so a new machine finds the keys. */
  @Override
  public HotKeys openHotKeys(String name) {
    return FirestoreHotKeys.open(this, name);
  }

  @Override
  public <R> R accept(Visitor<R> visitor) {
    return visitor.firestore(this);
  }

  @Override
  public String toString() {
    return "firestore:" + project + "/" + collection
        + (emulatorHost == null ? "" : " (emulator " + emulatorHost + ")");
  }
}
