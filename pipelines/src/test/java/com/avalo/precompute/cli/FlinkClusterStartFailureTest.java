package com.avalo.precompute.cli;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertNotEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * A Flink cluster start that fails (a role exited, no TaskManager registered in time) leaves the
 * JVMs it started running, their pids recorded: the scripts that start a cluster for a run of
 * their own must stop it then too, not only after a start that succeeded. The cluster script is a
 * stub whose start fails; the other helpers only record that they were called.
 */
public class FlinkClusterStartFailureTest {
  private static final List<String> UNSET = List.of("USERS", "OUT", "FLINK_CLUSTER_CHECK",
      "FIRESTORE_FAULTS", "FLINK_CLUSTER_DIR", "FIRESTORE_EMULATOR_HOST");

  @Rule public TemporaryFolder temp = new TemporaryFolder();

  private ScriptSandbox sandbox;

  @Before
  public void aClusterThatFailsToStart() throws Exception {
    sandbox = new ScriptSandbox(temp.newFolder("repo").toPath());
    sandbox.executable("scripts/flink-cluster.sh", "echo \"scripts/flink-cluster.sh $*\" >> '"
        + sandbox.callsFile() + "'\n"
        + "case \"$1\" in\n"
        + "  status) exit 3 ;;\n"
        + "  start) echo 'error: the taskmanager exited; logs in ...' >&2; exit 3 ;;\n"
        + "esac\n");
  }

  @Test
  public void theClusterCheckStopsTheClusterItsFailedStartLeft() throws Exception {
    sandbox.copyScript("flink-cluster-check.sh");
    sandbox.copyScript("flink/lib.sh");
    sandbox.stub("scripts/precompute");
    // The seed and the reference run are there already: only the cluster is started.
    Path out = sandbox.root().resolve("out");
    Files.createDirectories(out.resolve("seed-5"));
    Files.writeString(out.resolve("seed-5/manifest.json"), "{\"anchor\": \"2026-11-23T00:00:00Z\"}");
    Files.writeString(out.resolve("embedded-5.db"), "");

    ScriptSandbox.Run run = run(Map.of("USERS", "5", "OUT", out.toString()),
        "flink-cluster-check.sh");

    assertNotEquals(run.err(), 0, run.exit());
    assertThat(sandbox.calls(), containsString("scripts/flink-cluster.sh start\n"));
    assertThat(sandbox.calls(), containsString("scripts/flink-cluster.sh stop\n"));
  }

  @Test
  public void testShStopsTheClusterItsFailedStartLeftForTheFirestoreFaultRun() throws Exception {
    sandbox.copyScript("test.sh");
    sandbox.executable("scripts/emulator.sh", "[[ \"$1\" == start ]] && echo 127.0.0.1:8787\nexit 0\n");
    for (String helper : List.of("scripts/setup.sh", "scripts/flink-cluster-check.sh",
        "scripts/flink-faults.sh", "scripts/flink-repeated-runs.sh",
        "bench/faults/firestore-kill.sh", "bin/mvn", "bin/node", "bin/npm", "bin/python3")) {
      sandbox.stub(helper);
    }
    Files.createDirectories(sandbox.root().resolve("schemas/examples/node"));

    ScriptSandbox.Run run = run(Map.of(), "test.sh");

    assertNotEquals(run.err(), 0, run.exit());
    assertThat(sandbox.calls(), containsString("scripts/flink-cluster.sh start\n"));
    assertThat(sandbox.calls(), containsString("scripts/flink-cluster.sh stop\n"));
  }

  private ScriptSandbox.Run run(Map<String, String> set, String script) throws Exception {
    return sandbox.run(temp.newFile().toPath(), temp.newFile().toPath(), UNSET, set, script);
  }
}
