package com.avalo.precompute.cli;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
  private ScriptSandbox sandbox;

  @Before
  public void copyTheScripts() throws IOException {
    sandbox = new ScriptSandbox(temp.newFolder("repo").toPath());
    root = sandbox.root();
    calls = sandbox.callsFile();
    for (String script : List.of("run-local.sh", "test.sh")) {
      sandbox.copyScript(script);
    }
    for (String helper : List.of("scripts/setup.sh", "scripts/precompute", "scripts/emulator.sh",
        "bin/mvn")) {
      sandbox.stub(helper);
    }
    // What an earlier run left, which run-local.sh deletes before it seeds again.
    Files.createDirectories(root.resolve("out/seed"));
    Files.writeString(root.resolve("out/cache.db"), "the store of an earlier run");
  }

  @Test
  public void runLocalHelpPrintsItsUsageAndDeletesNothing() throws Exception {
    ScriptSandbox.Run run = run("run-local.sh", "--help");
    assertEquals(run.err(), 0, run.exit());
    assertThat(run.out(), containsString("Usage: scripts/run-local.sh [USERS] (default 2000)"));
    assertTrue(Files.exists(root.resolve("out/cache.db")));
    assertFalse(Files.readString(root.resolve("out/cache.db")).isEmpty());
    assertTrue(Files.isDirectory(root.resolve("out/seed")));
    assertFalse("nothing runs: " + calls(), Files.exists(calls));
  }

  @Test
  public void runLocalRefusesAUserCountThatIsNotOneWithOneLineAndDeletesNothing() throws Exception {
    // 1 is a number, but seed's minimum is 2: it used to pass here, empty out/, then fail in seed.
    for (String count : List.of("2k", "-5", "0", "1", "--users=2000")) {
      ScriptSandbox.Run run = run("run-local.sh", count);
      assertEquals(run.err(), 2, run.exit());
      assertThat(run.err(), startsWith("error: the user count must be a whole number of at least 2,"
          + " not '" + count + "'"));
      assertEquals(run.err(), 1, run.err().lines().count());
      assertTrue(Files.exists(root.resolve("out/cache.db")));
      assertFalse("nothing runs: " + calls(), Files.exists(calls));
    }
  }

  @Test
  public void testShHelpPrintsItsUsageAndRunsNoTest() throws Exception {
    ScriptSandbox.Run run = run("test.sh", "--help");
    assertEquals(run.err(), 0, run.exit());
    assertThat(run.out(), containsString("Usage: scripts/test.sh [extra maven args]"));
    assertThat(run.out(), containsString("FLINK_CLUSTER_CHECK=0"));
    assertFalse("nothing runs: " + calls(), Files.exists(calls));
  }

  private ScriptSandbox.Run run(String script, String... args) throws Exception {
    return sandbox.run(temp.newFile().toPath(), temp.newFile().toPath(), List.of("USERS"), script, args);
  }

  private String calls() throws IOException {
    return sandbox.calls();
  }
}
