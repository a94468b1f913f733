package com.avalo.precompute.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The directory embedded Flink works in, one per JVM: its configuration, and (through Flink's
 * {@code io.tmp.dirs}) all Flink writes to disk: the 22 MB RPC jar it unpacks at every start,
 * blob storage, and the sorts it spills, gigabytes at 1M users.
 *
 * <p>Flink deletes those only when its mini-cluster closes. So every run stopped with Ctrl-C left
 * its jar and directories in the temporary directory, and a run killed outright ({@code kill -9},
 * the kernel's OOM killer) left its spilled sorts too. Here a shutdown hook deletes the directory
 * when the JVM stops, and each new directory first deletes those whose JVM is gone. A JVM holds a
 * lock on its directory's {@value #LOCK} for as long as it lives, and the operating system
 * releases it however the JVM ends.
 */
final class FlinkWorkDirectory {
  static final String PREFIX = "precompute-flink-";
  static final String LOCK = "owner.lock";
  // A directory is made under this name and renamed once locked, so a sweep never takes a live
  // directory for one whose JVM is gone.
  static final String STARTING_PREFIX = ".precompute-flink-starting-";
  // How old a directory without a lock must be before a sweep deletes it: one whose JVM died
  // between making it and locking it, or one Flink made again while its JVM was stopping.
  static final Duration ORPHAN_AGE = Duration.ofMinutes(1);
  // This JVM's lock files (by real path) and their locked channels. The map keeps each channel
  // reachable: an unreachable FileChannel is closed by its cleaner, and that drops the lock while
  // the JVM still runs. A sweep must not open these files either: on Linux, closing any channel
  // on a file releases every lock this process holds on it.
  private static final Map<Path, FileChannel> OWN_LOCKS = new ConcurrentHashMap<>();

  private final Path path;

  private FlinkWorkDirectory(Path path) {
    this.path = path;
  }

  /**
   * Deletes the directories of JVMs that are gone under {@code parent}, then makes this JVM's,
   * deleted again when the JVM stops.
   */
  static FlinkWorkDirectory create(Path parent) {
    try {
      deleteAbandoned(parent);
      Path starting = Files.createTempDirectory(parent, STARTING_PREFIX);
      Path startingLock = starting.resolve(LOCK);
      FileChannel channel =
          FileChannel.open(startingLock, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      if (channel.tryLock() == null) {
        channel.close();
        throw new IOException("cannot lock the new file " + startingLock);
      }
      Path path = parent.resolve(
          PREFIX + starting.getFileName().toString().substring(STARTING_PREFIX.length()));
      Files.move(starting, path, StandardCopyOption.ATOMIC_MOVE);
      OWN_LOCKS.put(path.resolve(LOCK).toRealPath(), channel);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(path), "delete-" + PREFIX));
      return new FlinkWorkDirectory(path);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make embedded Flink's working directory in " + parent
          + " (java.io.tmpdir)", e);
    }
  }

  Path path() {
    return path;
  }

  /** Where Flink's {@code io.tmp.dirs} points. */
  Path temporaryFiles() throws IOException {
    return Files.createDirectories(path.resolve("tmp"));
  }

  /**
   * Deletes, under {@code parent}, every directory of this class whose JVM is gone: one with a lock
   * no live JVM holds, and one without a lock older than {@link #ORPHAN_AGE} that only this class
   * makes (a starting one, or one holding {@code tmp}). Directories of builds before this one (a
   * configuration file each, no lock) are left alone. Returns those deleted.
   */
  static List<Path> deleteAbandoned(Path parent) throws IOException {
    List<Path> deleted = new ArrayList<>();
    for (String prefix : List.of(PREFIX, STARTING_PREFIX)) {
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(parent, prefix + "*")) {
        for (Path directory : entries) {
          if (Files.isDirectory(directory) && deleteIfAbandoned(directory)) {
            deleted.add(directory);
          }
        }
      }
    }
    return deleted;
  }

  private static boolean deleteIfAbandoned(Path directory) {
    Path lock = directory.resolve(LOCK);
    if (!Files.exists(lock)) {
      boolean ours = directory.getFileName().toString().startsWith(STARTING_PREFIX)
          || Files.isDirectory(directory.resolve("tmp"));
      if (ours && olderThan(directory, ORPHAN_AGE)) {
        deleteTree(directory);
        return true;
      }
      return false;
    }
    try {
      if (OWN_LOCKS.containsKey(lock.toRealPath())) {
        return false;
      }
    } catch (IOException goneMeanwhile) {
      return false;
    }
    try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.WRITE)) {
      FileLock taken = channel.tryLock();
      if (taken == null) {
        return false;
      }
      // Deleted under the lock, so a second sweep at the same moment skips it.
      deleteTree(directory);
      return true;
    } catch (OverlappingFileLockException notReachedSinceOwnLocksAreSkipped) {
      return false;
    } catch (IOException noLockOrNotOurs) {
      // Its lock deleted just now by another sweep, or another user's directory.
      return false;
    }
  }

  private static boolean olderThan(Path directory, Duration age) {
    try {
      Instant modified = Files.getLastModifiedTime(directory).toInstant();
      return modified.isBefore(Instant.now().minus(age));
    } catch (IOException goneMeanwhile) {
      return false;
    }
  }

  /**
   * Deletes what it can of {@code root}: best effort, as it runs while the JVM stops and Flink may
   * still write. The lock file goes last, only when all else is gone: a directory left without it
   * is taken for a live one until it is {@link #ORPHAN_AGE} old.
   */
  static void deleteTree(Path root) {
    Path lock = root.resolve(LOCK);
    try {
      Files.walkFileTree(root, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
          if (!file.equals(lock)) {
            deleteQuietly(file);
          }
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) {
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path directory, IOException e) {
          if (!directory.equals(root)) {
            deleteQuietly(directory);
          }
          return FileVisitResult.CONTINUE;
        }
      });
      try (Stream<Path> left = Files.list(root)) {
        if (left.allMatch(lock::equals)) {
          deleteQuietly(lock);
          deleteQuietly(root);
        }
      }
    } catch (IOException e) {
      // What is left, with its lock file, goes in the next run's sweep.
    }
  }

  private static void deleteQuietly(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      // A directory Flink still writes into while the JVM stops; the next sweep gets it.
    }
  }
}
