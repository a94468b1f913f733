package com.avalo.precompute.seed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * One 3,000-user world generated once per test JVM and shared by the test classes that only
 * read it; generating it takes about a second, reading it back a little more.
 */
final class TestWorld {
  static final SeedConfig CONFIG = SeedConfig.defaults().withUsers(3_000);

  private static Path dir;
  private static SeedSummary summary;

  private TestWorld() {}

  static synchronized Path dir() {
    if (dir == null) {
      try {
        dir = Files.createTempDirectory("seed-world-");
        summary = new SeedGenerator().generate(CONFIG, dir, SeedProgress.none());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Path created = dir;
      Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteRecursively(created)));
    }
    return dir;
  }

  static synchronized SeedSummary summary() {
    dir();
    return summary;
  }

  static long anchor() {
    return CONFIG.anchor().getEpochSecond();
  }

  static void deleteRecursively(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      // a leftover temp directory is not worth failing a test run for
    }
  }
}
