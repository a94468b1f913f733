package com.avalo.precompute.incremental;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Keeps a second run of a job off a state location while one is running there. Both would diff
 * against the same manifest and race on the same documents (one deleting what the other just
 * wrote), and one's record in {@code state/JOB.json} could be lost ({@link StateFileIndex}): an
 * analyst's {@code run} beside {@code precompute scheduler}, or a backfill started twice.
 *
 * <p>An operating-system lock on {@code STATE/locks/JOB.lock}, held for the run: a run that dies,
 * even by {@code kill -9}, leaves nothing to clean up. Only a location on this machine's file
 * system can be locked this way. A {@code gs://} location is not locked at all: only a deployed
 * schedule's launches are kept apart there, by Dataflow refusing a second active job of the
 * schedule's fixed name. A file system that cannot lock (NFS without its lock service) runs
 * unlocked, with a warning. A lock file's text names its holder, for the refusal's message.
 *
 * <p>A run thread that outlives its caller (a run given up on while its store was down) keeps
 * the locks until it ends ({@link #retain}), so that a scheduler's next run cannot start beside it.
 */
public final class StateLock implements AutoCloseable {
  /** The directory under the state location that holds a lock file per job. */
  public static final String DIRECTORY = "locks";

  /**
   * The lock files this process holds, by path, with their holders. A file is never opened a second
   * time while held here: on Linux, closing any channel of a file drops every lock this process
   * holds on it, the first run's included.
   */
  private static final Map<Path, String> HELD_HERE = new ConcurrentHashMap<>();

  private final Map<Path, FileChannel> held;
  /** The holds still to be released: close, and each {@link #retain}. */
  private int holds = 1;
  /** What is given back with the locks ({@link #releaseAlso}). */
  private final List<Runnable> alsoReleased = new java.util.ArrayList<>();
  private boolean closed;

  private StateLock(Map<Path, FileChannel> held) {
    this.held = held;
  }

  /** Whether {@code stateLocation} is on this machine's file system, so that it can be locked. */
  public static boolean lockable(String stateLocation) {
    return !stateLocation.contains("://") || stateLocation.startsWith("file://");
  }

  /** A lock of nothing, for a run that needs none. */
  public static StateLock none() {
    return new StateLock(new LinkedHashMap<>());
  }

  /**
   * Locks {@code jobs} in {@code stateLocation} for the run {@code runId}; nothing for a location
   * that is not on this machine ({@link #lockable}). Closing releases them.
   *
   * @throws StateInUseException when another run, in this process or another, holds one of them;
   *     none is then held
   */
  public static StateLock acquire(String stateLocation, List<String> jobs, String runId) {
    Map<Path, FileChannel> held = new LinkedHashMap<>();
    if (!lockable(stateLocation)) {
      return new StateLock(held);
    }
    Path directory = Path.of(stateLocation.replaceFirst("^file://", "")).resolve(DIRECTORY);
    String holder = describeHolder(runId);
    try {
      // The real path: a second name for the same directory (a symlink) must find it held here.
      directory = Files.createDirectories(directory).toRealPath();
      // In name order, so that two runs of overlapping jobs cannot each hold what the other waits
      // for (neither waits: the second is refused, whatever the order).
      for (String job : new TreeSet<>(jobs)) {
        Path file = directory.resolve(job + ".lock");
        String here = HELD_HERE.putIfAbsent(file, holder);
        if (here != null) {
          throw new StateInUseException(job, file, here);
        }
        FileChannel channel = null;
        try {
          channel = lock(job, file);
        } finally {
          if (channel == null) {
            HELD_HERE.remove(file); // refused, failed, or a file system that cannot lock
          }
        }
        if (channel != null) {
          held.put(file, channel);
          channel.truncate(0);
          channel.write(ByteBuffer.wrap(holder.getBytes(StandardCharsets.UTF_8)));
          channel.force(false);
        }
      }
      return new StateLock(held);
    } catch (IOException e) {
      release(held);
      throw new UncheckedIOException("cannot lock the state location " + stateLocation + " ("
          + directory + "): " + e.getMessage(), e);
    } catch (RuntimeException refused) {
      release(held);
      throw refused;
    }
  }

  /**
   * {@code job}'s lock file, opened and locked; null when its file system cannot lock.
   *
   * @throws StateInUseException when another process holds it, or this one by another name
   */
  private static FileChannel lock(String job, Path file) throws IOException {
    FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
        StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException heldByAnotherName) {
      // Reached by a hard link or bind mount; closing this channel may drop that lock too.
      channel.close();
      throw new StateInUseException(job, file, "a run of this process");
    } catch (IOException cannotLock) {
      channel.close();
      System.err.println("warning: " + file + " cannot be locked (" + cannotLock.getMessage()
          + "): nothing keeps a second run of " + job + " off this state location");
      return null;
    }
    if (lock == null) {
      channel.close();
      throw new StateInUseException(job, file, holder(file));
    }
    return channel;
  }

  /** Who runs {@code runId} in this process: its pid, host and start, for a refusal's message. */
  public static String describeHolder(String runId) {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (IOException unknown) {
      host = "this machine";
    }
    return "run " + runId + ", pid " + ProcessHandle.current().pid() + " on " + host + ", since "
        + Instant.now();
  }

  /** Who holds {@code file}, as its text says; the holder may be between opening and writing it. */
  private static String holder(Path file) {
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8).strip();
      return text.isEmpty() ? "a run that is starting" : text;
    } catch (IOException unreadable) {
      return "a run whose lock file cannot be read (" + unreadable.getMessage() + ")";
    }
  }

  private static void release(Map<Path, FileChannel> channels) {
    channels.forEach((file, channel) -> {
      try {
        // Emptied first, so that a run refused by the next holder, before that one has written
        // its own name, is not told of this one.
        channel.truncate(0);
      } catch (IOException ignored) {
        // Only the refusal's message is at stake.
      }
      try {
        channel.close(); // releases its lock
      } catch (IOException ignored) {
        // The lock goes with the file descriptor, closed at the latest when the process ends.
      }
      HELD_HERE.remove(file);
    });
    channels.clear();
  }

  /**
   * Keeps the locks held until the returned release has run, as well as {@link #close}: for a
   * thread that may go on after the code that closes this has given up on it. The release may run
   * more than once; only its first counts.
   */
  public synchronized Runnable retain() {
    holds++;
    AtomicBoolean released = new AtomicBoolean();
    return () -> {
      if (released.compareAndSet(false, true)) {
        releaseOne();
      }
    };
  }

  private synchronized void releaseOne() {
    if (--holds == 0) {
      release(held);
      alsoReleased.forEach(Runnable::run);
      alsoReleased.clear();
    }
  }

  /**
   * Runs {@code release} when the locks are released, after {@link #close} and every
   * {@link #retain}'s release: for something else a run holds for as long as it runs.
   */
  public synchronized void releaseAlso(Runnable release) {
    alsoReleased.add(release);
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      releaseOne();
    }
  }

  /** A job's state location, or its documents in the store, in use by another run. */
  public static final class StateInUseException extends IllegalStateException {
    public StateInUseException(String message) {
      super(message);
    }

    StateInUseException(String job, Path lockFile, String holder) {
      super("job " + job + " is running on the same state location (" + holder + "; lock "
          + lockFile + "): wait for that run to end, or stop it; two runs at once would race on"
          + " the job's documents and manifests");
    }
  }
}
