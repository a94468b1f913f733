package com.avalo.precompute.schedule.deploy;

import static org.junit.Assert.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Golden files under {@code src/test/resources/schedules/golden}. Run the tests with
 * {@code -Dgolden.update=true} to rewrite them after an intended change, then review the diff.
 */
final class Golden {
  static final Path DIR = Path.of("src/test/resources/schedules/golden");

  private Golden() {}

  static void assertMatches(String name, String actual) throws IOException {
    Path file = DIR.resolve(name);
    if (Boolean.getBoolean("golden.update")) {
      Files.createDirectories(DIR);
      Files.writeString(file, actual, StandardCharsets.UTF_8);
    }
    assertEquals("golden file " + file + " (rerun with -Dgolden.update=true after an intended change)",
        Files.readString(file, StandardCharsets.UTF_8), actual);
  }
}
