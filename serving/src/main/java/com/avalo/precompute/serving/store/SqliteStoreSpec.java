package com.avalo.precompute.serving.store;

import com.avalo.precompute.serving.invalidation.InvalidationBus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The embedded store in one SQLite file ({@link SqliteCacheStore}).
 *
 * @param file the database file's absolute path, as text: a spec travels to pipeline workers,
 *     and {@link Path} does not serialize
 */
public record SqliteStoreSpec(String file) implements StoreSpec {

  public SqliteStoreSpec {
    // Normalized, so that the path the run prints (and its manifests name) is the file's, not
    // '.../bad/../badstore/bad.db'.
    file = Path.of(file).toAbsolutePath().normalize().toString();
  }

  /** The database file. */
  public Path path() {
    return Path.of(file);
  }

  @Override
  public SqliteCacheStore open() {
    return SqliteCacheStore.open(path());
  }

  @Override
  public SqliteCacheStore openExisting() {
    if (!Files.isRegularFile(path())) {
      throw new StoreUnavailableException("there is no store file at " + file
          + " (write one with 'precompute run', or fix the path)");
    }
    return open();
  }

  @Override
  public SqliteRunLedger openLedger() {
    return SqliteRunLedger.open(path());
  }

  @Override
  public SqliteLastWriters openLastWriters() {
    return SqliteLastWriters.open(path());
  }

  /** None: the file is local to one machine, so there are no other instances to tell. */
  @Override
  public Optional<InvalidationBus> openInvalidationBus() {
    return Optional.empty();
  }

  /** {@code FILE.hot-keys} beside the database file. */
  @Override
  public HotKeys openHotKeys(String name) {
    return new FileHotKeys(Path.of(file + ".hot-keys"));
  }

  @Override
  public <R> R accept(Visitor<R> visitor) {
    return visitor.sqlite(this);
  }

  @Override
  public String toString() {
    return "sqlite:" + file;
  }
}
