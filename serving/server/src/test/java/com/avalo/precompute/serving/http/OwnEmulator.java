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
    // scripts/test.sh names the jar it started its own emulator from: that these tests then found
    // none is a fault of the setup, which a skip would hide in a green build.
    String configured = System.getenv("FIRESTORE_EMULATOR_JAR");
    if (jar == null && configured != null && !configured.isEmpty()) {
      throw new IllegalStateException("FIRESTORE_EMULATOR_JAR=" + configured + " is not a file");
    }
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
