package com.avalo.precompute.io;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The command line of a JVM of its own on the tests' classpath, for tests that kill or stop one. */
public final class ChildJvm {
  private ChildJvm() {}

  /** {@code java JAVA_OPTIONS -cp <the tests' classpath> MAIN ARGS}. */
  public static List<String> command(List<String> javaOptions, Class<?> main, List<String> args) {
    // Surefire and failsafe put the test classpath here; a forked JVM's own may be a manifest jar.
    String classpath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(javaOptions);
    command.addAll(List.of("-cp", classpath, main.getName()));
    command.addAll(args);
    return command;
  }
}
