package com.avalo.precompute.cli;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * A run on embedded Flink leaves none of Flink's files behind in the temporary directory: not when
 * stopped with SIGTERM (Ctrl-C), and not for long when killed with {@code kill -9}, whose files the
 * next run deletes. Before, each stopped run left Flink's 22 MB RPC jar and its mini-cluster's
 * directories there, and each killed one its spilled sorts too.
 */
public class FlinkTemporaryFilesIT {
  private static final String INPUT = "--input=src/test/resources/fixtures/small";

  @Rule public final TemporaryFolder dir = new TemporaryFolder();

  @Test
  public void aRunStoppedWhileFlinkRunsLeavesNothing() throws Exception {
    Path root = dir.getRoot().toPath();
    Path temporary = Files.createDirectory(root.resolve("tmp"));
    CliProcess run = CliProcess.start(root, "stopped", List.of("-Djava.io.tmpdir=" + temporary),
        List.of("run", "feeds", INPUT, "--store=sqlite:" + root.resolve("cache.db")));
    // Frozen as soon as Flink has unpacked its RPC jar, so that the small run, seconds long, is
    // still in Flink when the signal arrives (a run that ended first would exit 0, and fail here).
    Path jar = awaitFlinkStarted(run, temporary);
    run.freeze();
    run.terminate();
    run.resume();

    assertEquals(run.out() + run.err(), 143, run.waitFor(3));
    assertEquals("left in java.io.tmpdir after SIGTERM (Flink's jar was " + jar + ")", List.of(),
        leftByFlink(temporary));
  }

  @Test
  public void whatAKilledRunLeftIsDeletedByTheNextRun() throws Exception {
    Path root = dir.getRoot().toPath();
    Path temporary = Files.createDirectory(root.resolve("tmp"));
    List<String> javaOptions = List.of("-Djava.io.tmpdir=" + temporary);
    CliProcess killed = CliProcess.start(root, "killed", javaOptions,
        List.of("run", "feeds", INPUT, "--store=sqlite:" + root.resolve("killed.db")));
    Path jar = awaitFlinkStarted(killed, temporary);
    killed.freeze();
    killed.kill();
    assertTrue("kill -9 runs no shutdown hook: " + jar + " stays", Files.exists(jar));

    CliProcess next = CliProcess.start(root, "next", javaOptions,
        List.of("run", "counts", INPUT, "--store=sqlite:" + root.resolve("next.db")));
    assertEquals(next.out() + next.err(), 0, next.waitFor(3));
    assertEquals(List.of(), leftByFlink(temporary));
  }

  /** Waits until Flink has unpacked its RPC jar, which must be under the run's working directory. */
  private static Path awaitFlinkStarted(CliProcess run, Path temporary) throws Exception {
    long deadline = System.nanoTime() + 120_000_000_000L;
    while (System.nanoTime() < deadline) {
      Optional<Path> jar = find(temporary, "flink-rpc-akka");
      if (jar.isPresent()) {
        Path where = temporary.relativize(jar.get());
        assertTrue("Flink's jar is not in the run's working directory: " + where,
            where.getNameCount() == 3 && where.getName(0).toString().startsWith("precompute-flink-")
                && where.getName(1).toString().equals("tmp"));
        return jar.get();
      }
      if (!run.isAlive()) {
        throw new AssertionError("the run ended before Flink started:\n" + run.out() + run.err());
      }
      Thread.sleep(50);
    }
    throw new AssertionError("Flink did not start within 2 minutes:\n" + run.out() + run.err());
  }

  private static Optional<Path> find(Path temporary, String namePrefix) throws IOException {
    try (Stream<Path> files = Files.walk(temporary)) {
      return files.filter(file -> file.getFileName().toString().startsWith(namePrefix)).findFirst();
    } catch (java.io.UncheckedIOException racedWithADeletion) {
      return Optional.empty();
    }
  }

  /** Flink's and this project's files in {@code temporary}; other libraries' native code aside. */
  private static List<String> leftByFlink(Path temporary) throws IOException {
    try (Stream<Path> files = Files.list(temporary)) {
      return files.map(file -> file.getFileName().toString())
          .filter(name -> name.startsWith("flink") || name.startsWith("minicluster")
              || name.startsWith("precompute-flink") || name.startsWith(".precompute-flink"))
          .sorted().toList();
    }
  }
}
