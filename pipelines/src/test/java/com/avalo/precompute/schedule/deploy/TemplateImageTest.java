package com.avalo.precompute.schedule.deploy;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.Test;

/** The image files agree with what the plan builds: Google's Java 17 base and the bundled jar only. */
public class TemplateImageTest {
  private static final Path CONTEXT = Path.of("..").resolve(DeployPlanner.BUILD_CONTEXT);

  @Test
  public void theDockerfileCopiesTheBundledJarOntoTheJava17LauncherBase() throws Exception {
    String dockerfile = Files.readString(CONTEXT.resolve("Dockerfile"));
    assertThat(dockerfile, containsString("ARG BASE=gcr.io/dataflow-templates-base/java17-template-launcher-base:"));
    assertThat(dockerfile, containsString("COPY " + DeployPlanner.BUNDLED_JAR + " /template/avalo-pipelines-bundled.jar"));
    assertThat(dockerfile, containsString("ENV FLEX_TEMPLATE_JAVA_CLASSPATH=/template/avalo-pipelines-bundled.jar"));
    assertEquals(1, dockerfile.lines().filter(line -> line.startsWith("COPY")).count());
  }

  @Test
  public void onlyTheJarIsSentToTheBuild() throws Exception {
    List<String> gcloudignore = Files.readAllLines(CONTEXT.resolve(".gcloudignore"));
    assertTrue(gcloudignore.contains("*"));
    assertTrue(gcloudignore.contains("!" + DeployPlanner.BUNDLED_JAR));
    List<String> dockerignore = Files.readAllLines(CONTEXT.resolve(".dockerignore"));
    assertTrue(dockerignore.contains("!" + DeployPlanner.BUNDLED_JAR));
  }
}
