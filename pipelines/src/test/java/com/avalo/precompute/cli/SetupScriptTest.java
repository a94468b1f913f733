package com.avalo.precompute.cli;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * {@code scripts/setup.sh} on a fresh machine: what {@code scripts/test.sh} needs and the machine
 * lacks is installed with apt. The machine is a PATH of stubs only, so nothing is installed.
 */
public class SetupScriptTest {
  @Rule public TemporaryFolder temp = new TemporaryFolder();

  @Test
  public void aMachineWithoutPython3GetsItInstalledForTheTestScriptsStoreComparisons()
      throws Exception {
    ScriptSandbox sandbox = new ScriptSandbox(temp.newFolder("repo").toPath());
    sandbox.copyScript("setup.sh");
    for (String tool : List.of("bin/mvn", "bin/curl", "bin/apt-get")) {
      sandbox.stub(tool);
    }
    sandbox.executable("bin/java", "echo 'openjdk version \"17.0.9\" 2023-10-17' >&2\n");
    sandbox.executable("bin/javac", "echo 'javac 17.0.9' >&2\n");
    sandbox.executable("bin/id", "echo 0\n");
    for (String tool : List.of("bash", "sed")) {  // the stubs' interpreter; the version parse
      Files.createSymbolicLink(sandbox.root().resolve("bin").resolve(tool), Path.of("/usr/bin", tool));
    }

    ScriptSandbox.Run run = sandbox.run(temp.newFile().toPath(), temp.newFile().toPath(),
        List.of(), Map.of("PATH", sandbox.root().resolve("bin").toString()), "setup.sh");

    assertEquals(run.err(), 0, run.exit());
    assertThat(sandbox.calls(), containsString("bin/apt-get install -y -qq python3"));
  }

  /**
   * A Java runtime without its compiler (Debian's maven package brings one) passed a check of
   * java alone, and the first build then failed: the JDK is installed, and while javac is still
   * missing the script says what to put on PATH.
   */
  @Test
  public void aRuntimeWithoutACompilerGetsTheJdkAndIsNotTakenForOne() throws Exception {
    ScriptSandbox sandbox = new ScriptSandbox(temp.newFolder("repo").toPath());
    sandbox.copyScript("setup.sh");
    for (String tool : List.of("bin/mvn", "bin/apt-get")) {
      sandbox.stub(tool);
    }
    sandbox.executable("bin/java", "echo 'openjdk version \"17.0.9\" 2023-10-17' >&2\n");
    sandbox.executable("bin/id", "echo 0\n");
    for (String tool : List.of("bash", "sed")) {
      Files.createSymbolicLink(sandbox.root().resolve("bin").resolve(tool), Path.of("/usr/bin", tool));
    }

    ScriptSandbox.Run run = sandbox.run(temp.newFile().toPath(), temp.newFile().toPath(),
        List.of(), Map.of("PATH", sandbox.root().resolve("bin").toString()), "setup.sh",
        "run-local");

    assertThat(sandbox.calls(), containsString("bin/apt-get install -y -qq openjdk-17-jdk-headless"));
    assertEquals(run.err(), 3, run.exit());
    assertThat(run.err(), containsString("found java 17 and javac none on PATH"));
  }
}
