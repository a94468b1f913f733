package com.avalo.precompute.cli;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.Assert.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * When {@code scripts/precompute} builds the bundled jar: a deploy's template image carries it, so
 * one older than the sources would ship other code than the plan was made from. Runs the real
 * script in a copy of the repository whose Maven and java only record that they were called, with
 * the classes built after the last source change and the bundled jar before it.
 */
public class PrecomputeScriptTest {
  @Rule public TemporaryFolder temp = new TemporaryFolder();

  private Path root;
  private Path jar;
  private ScriptSandbox sandbox;

  @Before
  public void aRepositoryWhoseBundledJarIsOlderThanItsSources() throws IOException {
    sandbox = new ScriptSandbox(temp.newFolder("repo").toPath());
    root = sandbox.root();
    sandbox.copyScript("precompute");
    sandbox.stub("bin/mvn");
    sandbox.stub("bin/java");
    Instant now = Instant.now();
    Path target = Files.createDirectories(root.resolve("pipelines/target"));
    jar = touch(target.resolve("avalo-pipelines-bundled.jar"), now.minusSeconds(7200));
    touch(Files.createDirectories(root.resolve("pipelines/src/main")).resolve("Job.java"), now.minusSeconds(3600));
    touch(target.resolve("classpath.txt"), now);
    touch(target.resolve(".built"), now);
  }

  @Test
  public void aDeployRebuildsABundledJarOlderThanTheSources() throws Exception {
    assertEquals(0, run("schedules", "deploy", "--project", "my-project", "--region", "europe-west1", "--yes"));
    assertThat(calls(), containsString("-Pbundled"));
  }

  @Test
  public void aDeployKeepsABundledJarNewerThanTheSources() throws Exception {
    touch(jar, Instant.now());
    assertEquals(0, run("schedules", "deploy", "--project", "my-project", "--region", "europe-west1", "--yes"));
    assertThat(calls(), not(containsString("mvn")));
  }

  @Test
  public void aPlanOrARefusedDeployBuildsNoJar() throws Exception {
    assertEquals(0, run("schedules", "plan", "--project", "my-project", "--region", "europe-west1"));
    assertEquals(0, run("schedules", "deploy", "--project", "my-project", "--region", "europe-west1"));
    assertThat(calls(), not(containsString("mvn")));
  }

  /** The Java CLI cannot see the commands this script runs itself unless they are named to it. */
  @Test
  public void theCommandsTheScriptRunsItselfAreNamedToTheCli() throws Exception {
    run("serv");
    assertThat(calls(), containsString("-Dprecompute.wrapperCommands=serve "));
  }

  private static Path touch(Path file, Instant when) throws IOException {
    if (!Files.exists(file)) {
      Files.writeString(file, "");
    }
    Files.setLastModifiedTime(file, FileTime.from(when));
    return file;
  }

  private int run(String... args) throws Exception {
    return sandbox.run(temp.newFile().toPath(), temp.newFile().toPath(), List.of("PRECOMPUTE_PROFILES"),
        "precompute", args).exit();
  }

  private String calls() throws IOException {
    return sandbox.calls();
  }
}
