package com.avalo.precompute.io;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * A working directory outlives its JVM only until the next one is made, and never a live JVM's:
 * the owner here is a JVM of its own, killed with {@code kill -9} as the OOM killer would.
 */
public class FlinkWorkDirectoryTest {
  @Rule public final TemporaryFolder parent = new TemporaryFolder();

  @Test
  public void aKilledJvmsDirectoryIsDeletedByTheNextSweepButNotWhileItLives() throws Exception {
    Path root = parent.getRoot().toPath();
    Process owner = start("hold", root);
    try {
      Path directory = Path.of(firstLine(owner));
      Path spilled = Files.createDirectories(directory.resolve("tmp/flink-io-1"))
          .resolve("sorted.channel");
      Files.write(spilled, new byte[4096]);

      assertEquals(List.of(), FlinkWorkDirectory.deleteAbandoned(root));
      assertTrue(Files.exists(spilled));

      owner.destroyForcibly();
      assertTrue(owner.waitFor(1, TimeUnit.MINUTES));
      assertTrue("kill -9 runs no shutdown hook", Files.exists(spilled));

      assertEquals(List.of(directory), FlinkWorkDirectory.deleteAbandoned(root));
      assertFalse(Files.exists(directory));
    } finally {
      owner.destroyForcibly();
    }
  }

  @Test
  public void aStoppedJvmDeletesItsOwnDirectory() throws Exception {
    Path root = parent.getRoot().toPath();
    Process owner = start("hold", root);
    Path directory = Path.of(firstLine(owner));
    Files.write(Files.createDirectories(directory.resolve("tmp")).resolve("flink-rpc.jar"),
        new byte[4096]);

    owner.destroy();
    assertTrue(owner.waitFor(1, TimeUnit.MINUTES));
    assertFalse("SIGTERM runs the shutdown hook", Files.exists(directory));
  }

  @Test
  public void thisJvmsOwnDirectoryAndOlderBuildsDirectoriesAreLeftAlone() throws Exception {
    Path root = parent.getRoot().toPath();
    FlinkWorkDirectory own = FlinkWorkDirectory.create(root);
    // An older build's configuration directory: no lock file, so nothing says its JVM is gone.
    Path older = Files.createDirectory(root.resolve(FlinkWorkDirectory.PREFIX + "123"));
    Files.writeString(older.resolve("flink-conf.yaml"), "heartbeat.timeout: 600000\n");

    assertEquals(List.of(), FlinkWorkDirectory.deleteAbandoned(root));
    // A second directory in this JVM sweeps too, and must not release the first one's lock (on
    // Linux, closing any channel on the file would): another JVM's sweep must still see it held.
    FlinkWorkDirectory second = FlinkWorkDirectory.create(root);
    Process sweep = start("sweep", root);
    assertEquals("[]", firstLine(sweep));
    assertTrue(sweep.waitFor(1, TimeUnit.MINUTES));
    assertTrue(Files.isDirectory(own.path()));
    assertTrue(Files.isDirectory(older));
    assertTrue(Files.isDirectory(second.temporaryFiles()));
  }

  @Test
  public void directoriesWithoutALockThatOnlyThisClassMakesAreDeletedOnceTheyAreOld()
      throws IOException {
    Path root = parent.getRoot().toPath();
    FileTime old = FileTime.from(Instant.now().minus(FlinkWorkDirectory.ORPHAN_AGE).minusSeconds(5));
    // A JVM killed between making its directory and locking it.
    Path neverLocked = Files.createDirectory(root.resolve(FlinkWorkDirectory.STARTING_PREFIX + "1"));
    Files.setLastModifiedTime(neverLocked, old);
    // Flink made its tmp again after the shutdown hook had deleted the lock.
    Path remade = Files.createDirectories(root.resolve(FlinkWorkDirectory.PREFIX + "2/tmp/blobs"))
        .getParent().getParent();
    Files.setLastModifiedTime(remade, old);
    // The same, but just now: its JVM may still be stopping, or starting.
    Path recent = Files.createDirectories(root.resolve(FlinkWorkDirectory.PREFIX + "3/tmp"))
        .getParent();
    Path starting = Files.createDirectory(root.resolve(FlinkWorkDirectory.STARTING_PREFIX + "4"));
    // An older build's configuration directory, however old: its JVM may still be running.
    Path older = Files.createDirectory(root.resolve(FlinkWorkDirectory.PREFIX + "5"));
    Files.writeString(older.resolve("flink-conf.yaml"), "heartbeat.timeout: 600000\n");
    Files.setLastModifiedTime(older, old);

    assertEquals(List.of(remade, neverLocked), FlinkWorkDirectory.deleteAbandoned(root));
    assertTrue(Files.isDirectory(recent));
    assertTrue(Files.isDirectory(starting));
    assertTrue(Files.isDirectory(older));
  }

  private static Process start(String what, Path root) throws IOException {
    return new ProcessBuilder(
        ChildJvm.command(List.of(), FlinkWorkDirectoryChild.class, List.of(what, root.toString())))
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
  }

  private static String firstLine(Process owner) throws IOException {
    BufferedReader reader = new BufferedReader(
        new InputStreamReader(owner.getInputStream(), StandardCharsets.UTF_8));
    String line = reader.readLine();
    if (line == null) {
      throw new AssertionError("the owner JVM ended before making its directory");
    }
    return line;
  }
}
