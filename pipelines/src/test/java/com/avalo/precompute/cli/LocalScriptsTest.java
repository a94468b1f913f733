package com.avalo.precompute.cli;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * What the newcomer's scripts do with a question or a slip instead of a user count: they answer
 * it, and touch nothing. Each script runs from a copy of the repository's scripts directory whose
 * helpers ({@code setup.sh}, {@code precompute}, {@code emulator.sh}, Maven) only record that they
 * were called.
 */
public class LocalScriptsTest {
  @Rule public TemporaryFolder temp = new TemporaryFolder();

  private Path root;
  private Path calls;

  @Before
  public void copyTheScripts() throws IOException {
    root = temp.newFolder("repo").toPath();
    calls = root.resolve("calls.log");
    Path scripts = Files.createDirectories(root.resolve("scripts"));
    for (String script : List.of("run-local.sh", "test.sh")) {
      Files.copy(Path.of("../scripts", script), scripts.resolve(script));
    }
    for (String helper : List.of("scripts/setup.sh", "scripts/precompute", "scripts/emulator.sh",
        "bin/mvn")) {
      Path stub = root.resolve(helper);
      Files.createDirectories(stub.getParent());
      Files.writeString(stub, "#!/usr/bin/env bash\necho \"" + helper + " $*\" >> '" + calls + "'\n");
      Files.setPosixFilePermissions(stub, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    // What an earlier run left, which run-local.sh deletes before it seeds again.
    Files.createDirectories(root.resolve("out/seed"));
    Files.writeString(root.resolve("out/cache.db"), "the store of an earlier run");
  }

  @Test
  public void runLocalHelpPrintsItsUsageAndDeletesNothing() throws Exception {
    Run run = run("run-local.sh", "--help");
    assertEquals(run.err, 0, run.exit);
    assertThat(run.out, containsString("Usage: scripts/run-local.sh [USERS] (default 2000)"));
    assertTrue(Files.exists(root.resolve("out/cache.db")));
    assertFalse(Files.readString(root.resolve("out/cache.db")).isEmpty());
    assertTrue(Files.isDirectory(root.resolve("out/seed")));
    assertFalse("nothing runs: " + calls(), Files.exists(calls));
  }

  @Test
  public void runLocalRefusesAUserCountThatIsNotOneWithOneLineAndDeletesNothing() throws Exception {
    for (String count : List.of("2k", "-5", "0", "--users=2000")) {
      Run run = run("run-local.sh", count);
      assertEquals(run.err, 2, run.exit);
      assertThat(run.err, startsWith("error: the user count must be a positive whole number, not '"
          + count + "'"));
      assertEquals(run.err, 1, run.err.lines().count());
      assertTrue(Files.exists(root.resolve("out/cache.db")));
      assertFalse("nothing runs: " + calls(), Files.exists(calls));
    }
  }

  @Test
  public void testShHelpPrintsItsUsageAndRunsNoTest() throws Exception {
    Run run = run("test.sh", "--help");
    assertEquals(run.err, 0, run.exit);
    assertThat(run.out, containsString("Usage: scripts/test.sh [extra maven args]"));
    assertThat(run.out, containsString("FLINK_CLUSTER_CHECK=0"));
    assertFalse("nothing runs: " + calls(), Files.exists(calls));
  }

  private record Run(int exit, String out, String err) {}

  private Run run(String script, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("bash", root.resolve("scripts").resolve(script).toString()));
    command.addAll(List.of(args));
    Path out = temp.newFile().toPath();
    Path err = temp.newFile().toPath();
    ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile())
        .redirectError(err.toFile()).directory(root.toFile());
    // The stub Maven first; the rest of PATH for bash's own tools.
    builder.environment().put("PATH", root.resolve("bin") + File.pathSeparator
        + System.getenv("PATH"));
    builder.environment().remove("USERS");
    Process process = builder.start();
    if (!process.waitFor(1, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError(script + " did not end within a minute");
    }
    return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  private String calls() throws IOException {
    return Files.exists(calls) ? Files.readString(calls) : "";
  }
}
