package com.avalo.precompute.incremental;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Two runs of one job on one state location at once would race on its documents and manifests;
 * the second is refused with who holds it, and a holder that dies, however, frees it.
 */
public class StateLockTest {
  @Rule public TemporaryFolder dir = new TemporaryFolder();

  @Test
  public void aJobHeldInThisProcessIsRefusedNamingTheRunUntilReleased() throws Exception {
    String state = dir.getRoot().toString();
    try (StateLock first = StateLock.acquire(state, List.of("feeds", "profiles"), "r1")) {
      StateLock.StateInUseException refused = assertThrows(StateLock.StateInUseException.class,
          () -> StateLock.acquire(state, List.of("profiles"), "r2"));
      assertThat(refused.getMessage(), containsString("job profiles is running on the same state"
          + " location (run r1, pid " + ProcessHandle.current().pid()));
      // Other jobs, and the same job elsewhere, are free.
      StateLock.acquire(state, List.of("chats"), "r3").close();
      StateLock.acquire(dir.newFolder("other").toString(), List.of("profiles"), "r4").close();
    }
    StateLock.acquire(state, List.of("profiles"), "r5").close();
  }

  @Test
  public void aRefusedRunHoldsNoneOfItsJobs() throws Exception {
    String state = dir.getRoot().toString();
    try (StateLock held = StateLock.acquire(state, List.of("profiles"), "r1")) {
      assertThrows(StateLock.StateInUseException.class,
          () -> StateLock.acquire(state, List.of("chats", "profiles", "counts"), "r2"));
      // chats and counts were taken before profiles was refused, and given back.
      StateLock.acquire(state, List.of("chats", "counts"), "r3").close();
    }
  }

  @Test
  public void aRetainedLockOutlivesItsCloseUntilReleased() throws Exception {
    String state = dir.getRoot().toString();
    Runnable runThreadEnded;
    java.util.concurrent.atomic.AtomicInteger runIdsGivenBack =
        new java.util.concurrent.atomic.AtomicInteger();
    try (StateLock lock = StateLock.acquire(state, List.of("feeds"), "r1")) {
      lock.releaseAlso(runIdsGivenBack::incrementAndGet);
      runThreadEnded = lock.retain();
    }
    // Closed, but a run thread given up on may still be writing.
    assertThrows(StateLock.StateInUseException.class,
        () -> StateLock.acquire(state, List.of("feeds"), "r2"));
    assertEquals("what the run also holds is kept with the locks", 0, runIdsGivenBack.get());
    runThreadEnded.run();
    runThreadEnded.run(); // counted once
    assertEquals(1, runIdsGivenBack.get());
    StateLock.acquire(state, List.of("feeds"), "r3").close();
  }

  @Test
  public void aSecondNameForTheDirectoryFindsItHeld() throws Exception {
    Path real = dir.newFolder("state").toPath();
    Path alias = Files.createSymbolicLink(dir.getRoot().toPath().resolve("alias"), real);
    try (StateLock lock = StateLock.acquire(real.toString(), List.of("feeds"), "r1")) {
      assertThrows(StateLock.StateInUseException.class,
          () -> StateLock.acquire(alias.toString(), List.of("feeds"), "r2"));
    }
    StateLock.acquire(alias.toString(), List.of("feeds"), "r3").close();
  }

  @Test
  public void aLocationOffThisMachineIsNotLocked() {
    assertFalse(StateLock.lockable("gs://bucket/state"));
    assertTrue(StateLock.lockable("out/cache.db.state"));
    try (StateLock first = StateLock.acquire("gs://bucket/state", List.of("feeds"), "r1");
        StateLock second = StateLock.acquire("gs://bucket/state", List.of("feeds"), "r2")) {
      assertFalse(Files.exists(Path.of("gs:")));
    }
  }

  @Test
  public void anotherProcesssLockIsRefusedAndFreedWhenThatProcessIsKilled() throws Exception {
    String state = dir.getRoot().toString();
    Process holder = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Holder.class.getName(), state, "feeds")
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    try {
      BufferedReader out = new BufferedReader(
          new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
      String line;
      do {
        line = out.readLine(); // a JVM may print notices of its own first
      } while (line != null && !line.equals("held"));
      assertEquals("held", line);
      StateLock.StateInUseException refused = assertThrows(StateLock.StateInUseException.class,
          () -> StateLock.acquire(state, List.of("feeds"), "mine"));
      assertThat(refused.getMessage(), containsString("(run theirs, pid " + holder.pid() + " on "));
    } finally {
      holder.destroyForcibly(); // SIGKILL: no code of the holder's runs to let go
    }
    assertTrue(holder.waitFor(30, TimeUnit.SECONDS));
    StateLock.acquire(state, List.of("feeds"), "mine").close();
  }

  /** Holds a lock until it is killed. */
  public static final class Holder {
    public static void main(String[] args) throws Exception {
      StateLock lock = StateLock.acquire(args[0], List.of(args[1]), "theirs");
      System.out.println("held");
      System.out.flush();
      Thread.sleep(TimeUnit.MINUTES.toMillis(5));
      lock.close();
    }
  }
}
