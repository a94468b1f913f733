package com.avalo.precompute.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
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
  // A directory is made under this name and renamed once locked, so a sweep never sees a
  // directory whose lock is not taken yet.
  private static final String STARTING_PREFIX = ".precompute-flink-starting-";
  // This JVM's own directories, which a sweep must not even open: on Linux, closing any channel
  // on a file releases every lock this process holds on it.
  private static final Set<Path> OWN = ConcurrentHashMap.newKeySet();

  private final Path path;
  // Kept open (and so locked) until the JVM ends.
  @SuppressWarnings("unused")
  private final FileChannel lockChannel;

  private FlinkWorkDirectory(Path path, FileChannel lockChannel) {
    this.path = path;
    this.lockChannel = lockChannel;
  }

  /**
   * Deletes the directories of JVMs that are gone under {@code parent}, then makes this JVM's,
   * deleted again when the JVM stops.
   */
  static FlinkWorkDirectory create(Path parent) {
    try {
      deleteAbandoned(parent);
      Path starting = Files.createTempDirectory(parent, STARTING_PREFIX);
      FileChannel channel = FileChannel.open(starting.resolve(LOCK), StandardOpenOption.CREATE_NEW,
          StandardOpenOption.WRITE);
      if (channel.tryLock() == null) {
        channel.close();
        throw new IOException("cannot lock the new file " + starting.resolve(LOCK));
      }
      Path path = parent.resolve(
          PREFIX + starting.getFileName().toString().substring(STARTING_PREFIX.length()));
      Files.move(starting, path, StandardCopyOption.ATOMIC_MOVE);
      OWN.add(path.toAbsolutePath().normalize());
      Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(path), "delete-" + PREFIX));
      return new FlinkWorkDirectory(path, channel);
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
   * Deletes every {@value #PREFIX} directory under {@code parent} whose lock no live JVM holds.
   * Directories without a lock file (made by builds before this one: a configuration file each)
   * are left alone. Returns those deleted.
   */
  static List<Path> deleteAbandoned(Path parent) throws IOException {
    List<Path> deleted = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(parent, PREFIX + "*")) {
      for (Path directory : entries) {
        if (!OWN.contains(directory.toAbsolutePath().normalize())
            && deleteIfAbandoned(directory)) {
          deleted.add(directory);
        }
      }
    }
    return deleted;
  }

  private static boolean deleteIfAbandoned(Path directory) {
    Path lock = directory.resolve(LOCK);
    try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.WRITE)) {
      FileLock held = channel.tryLock();
      if (held == null) {
        return false;
      }
      // Deleted under the lock, so a second sweep at the same moment skips it.
      deleteTree(directory);
      return true;
    } catch (OverlappingFileLockException liveInThisJvm) {
      return false;
    } catch (IOException noLockOrNotOurs) {
      // No lock file (an older build's directory, or one deleted just now), or another user's.
      return false;
    }
  }

  /**
   * Deletes what it can of {@code root}: best effort, as it runs while the JVM stops and Flink may
   * still write. The lock file goes last, only when all else is gone: a directory left without it
   * would look like an older build's, and no sweep would delete it.
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
    } catch (NoSuchFileException gone) {
      // Deleted by Flink's own shutdown hook meanwhile.
    } catch (IOException e) {
      // A directory Flink still writes into while the JVM stops; the next sweep gets it.
    }
  }
}
