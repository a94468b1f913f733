package com.avalo.precompute.serving.store;

import com.avalo.precompute.serving.invalidation.InvalidationBus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/**
 * The embedded store in one SQLite file ({@link SqliteCacheStore}).
 *
 * @param file the database file's absolute path, as text: a spec travels to pipeline workers,
 *     and {@link Path} does not serialize
 * @param readOnly whether every open is read-only ({@link #forReading()})
 */
public record SqliteStoreSpec(String file, boolean readOnly) implements StoreSpec {

  public SqliteStoreSpec {
    // Normalized, so that the path the run prints (and its manifests name) is the file's, not
    // '.../bad/../badstore/bad.db'.
    file = Path.of(file).toAbsolutePath().normalize().toString();
  }

  /** The file at {@code file}, opened for reading and writing. */
  public SqliteStoreSpec(String file) {
    this(file, false);
  }

  /** The database file. */
  public Path path() {
    return Path.of(file);
  }

  /**
   * Refuses, without making or changing anything, a file at the path that a store cannot open: a
   * directory, a file that is not an SQLite database, or another program's database. No file
   * passes, as does an empty database or a store's.
   *
   * @throws StoreUnavailableException saying what is there instead
   */
  public void refuseForeignFile() {
    Path absolute = path();
    if (!Files.exists(absolute)) {
      return;
    }
    try (Connection connection = SqliteFiles.connectForReading(absolute)) {
      // Opening it refuses what is not a store's; nothing to read.
    } catch (SQLException e) {
      throw new StoreUnavailableException("cannot use " + absolute + " as the embedded store: "
          + e.getMessage() + SqliteFiles.hint(absolute, e), e);
    }
  }

  @Override
  public SqliteCacheStore open() {
    return readOnly ? SqliteCacheStore.openForReading(path()) : SqliteCacheStore.open(path());
  }

  /** Read-only, as for {@link #forReading()}: the file must exist and hold cache documents. */
  @Override
  public SqliteCacheStore openExisting() {
    return SqliteCacheStore.openForReading(path());
  }

  @Override
  public SqliteRunLedger openLedger() {
    return readOnly ? SqliteRunLedger.openForReading(path()) : SqliteRunLedger.open(path());
  }

  @Override
  public SqliteLastWriters openLastWriters() {
    return readOnly ? SqliteLastWriters.openForReading(path()) : SqliteLastWriters.open(path());
  }

  @Override
  public SqliteStoreSpec forReading() {
    return readOnly ? this : new SqliteStoreSpec(file, true);
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
