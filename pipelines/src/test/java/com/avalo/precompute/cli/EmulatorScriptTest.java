package com.avalo.precompute.cli;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * {@code scripts/emulator.sh start} when the emulator does not become ready: it must not leave an
 * emulator behind that makes every later {@code start} (and so {@code scripts/test.sh}) fail.
 * The emulator is a stub {@code java} that never says it is ready (or does, when told to).
 */
public class EmulatorScriptTest {
  private static final String MAIN_CLASS =
      "com.google.cloud.datastore.emulator.firestore.CloudFirestore";

  @Rule public TemporaryFolder temp = new TemporaryFolder();

  private ScriptSandbox sandbox;
  private Path state;
  private Process leftover;

  @Before
  public void copyTheScript() throws Exception {
    sandbox = new ScriptSandbox(temp.newFolder("repo").toPath());
    sandbox.copyScript("emulator.sh");
    sandbox.copyScript("lib/processes.sh");
    state = sandbox.root().resolve(".local/emulator");
    Files.writeString(sandbox.root().resolve("emulator.jar"), "");
    // A JVM that stays up and prints its readiness line only when READY exists.
    sandbox.executable("bin/java", "while true; do\n"
        + "  if [[ -f '" + sandbox.root().resolve("READY") + "' ]]; then"
        + " echo 'Dev App Server is now running'; fi\n"
        + "  sleep 0.2\ndone\n");
  }

  @After
  public void stopWhatIsLeft() throws Exception {
    if (leftover != null) {
      leftover.destroyForcibly().waitFor();
    }
    Path pid = state.resolve("pid");
    if (Files.exists(pid)) {
      new ProcessBuilder("kill", "-9", Files.readString(pid).trim()).start().waitFor();
    }
  }

  @Test
  public void aStartThatTimesOutStopsTheEmulatorItStartedSoTheNextStartWorks() throws Exception {
    // One wait of 0.5 s instead of 120: the timeout path without a minute's wait.
    sandbox.executable("bin/seq", "echo 1\n");
    ScriptSandbox.Run first = run("start", "8799");
    assertEquals(first.err(), 3, first.exit());
    assertThat(first.err(), containsString("did not become ready"));
    assertFalse("no pid of a live emulator is left", Files.exists(state.resolve("pid")));

    Files.writeString(sandbox.root().resolve("READY"), "");
    ScriptSandbox.Run second = run("start", "8799");
    assertEquals(second.err(), 0, second.exit());
    assertEquals("127.0.0.1:8799", second.out().strip());
  }

  @Test
  public void aStartCutShortBeforeReadinessIsStoppedAndStartedAgain() throws Exception {
    // What a start interrupted while it waited leaves: a live emulator's pid and no host.
    leftover = new ProcessBuilder("bash", sandbox.root().resolve("bin/java").toString(), "-cp",
        "emulator.jar", MAIN_CLASS, "start", "--port=8799").start();
    Files.createDirectories(state);
    Files.writeString(state.resolve("pid"), leftover.pid() + "\n");
    Files.writeString(sandbox.root().resolve("READY"), "");

    ScriptSandbox.Run run = run("start", "8799");
    assertEquals(run.err(), 0, run.exit());
    assertEquals("127.0.0.1:8799", run.out().strip());
    assertThat(run.err(), not(containsString("No such file")));
    assertTrue("the leftover is stopped", leftover.waitFor(10, TimeUnit.SECONDS));
  }

  @Test
  public void aWipeThatCannotWipeSaysSoAndFails() throws Exception {
    ScriptSandbox.Run none = run("wipe");
    assertEquals(none.err(), 1, none.exit());
    assertThat(none.err(), containsString("no emulator started"));

    Files.writeString(sandbox.root().resolve("READY"), "");
    assertEquals(0, run("start", "8799").exit());
    sandbox.executable("bin/curl", "echo 'curl: (22) The requested URL returned error: 500' >&2\nexit 22\n");
    ScriptSandbox.Run refused = run("wipe");
    assertEquals(refused.err(), 1, refused.exit());
    assertThat(refused.err(), containsString("did not wipe its documents"));
  }

  private ScriptSandbox.Run run(String... args) throws Exception {
    return sandbox.run(temp.newFile().toPath(), temp.newFile().toPath(),
        List.of("EMULATOR_STATE_DIR", "FIRESTORE_PROJECT"),
        Map.of("FIRESTORE_EMULATOR_JAR", sandbox.root().resolve("emulator.jar").toString()),
        "emulator.sh", args);
  }
}
