package com.avalo.precompute.serving.http;

import static org.junit.Assume.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.rules.ExternalResource;

/**
 * A JUnit rule giving a fault test an {@link EmulatorProcess} of its own, started before each test
 * and killed after it; the test is skipped where no emulator jar is installed.
 */
final class OwnEmulator extends ExternalResource {
  private Path logs;
  private EmulatorProcess emulator;

  EmulatorProcess emulator() {
    return emulator;
  }

  @Override
  protected void before() throws Throwable {
    Path jar = EmulatorProcess.findJar();
    assumeTrue("no Firestore emulator jar (set FIRESTORE_EMULATOR_JAR)", jar != null);
    logs = Files.createTempDirectory("own-emulator");
    emulator = EmulatorProcess.start(jar, logs);
  }

  @Override
  protected void after() {
    try {
      if (emulator != null) {
        emulator.close();
      }
      if (logs != null) {
        try (Stream<Path> files = Files.walk(logs)) {
          files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      // A log left in the temporary directory harms nothing.
    }
  }
}
