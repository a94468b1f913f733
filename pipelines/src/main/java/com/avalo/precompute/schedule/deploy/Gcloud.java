package com.avalo.precompute.schedule.deploy;

import java.util.List;

/** Runs gcloud commands: the real CLI in a deploy, a recording fake in tests. */
public interface Gcloud {

  /** Runs {@code gcloud ARGS} to its end. */
  Result run(List<String> args);

  /** How a command ended. */
  record Result(int exitCode, String stdout, String stderr) {
    /** The last non-blank line of stderr (gcloud's error), or empty. */
    public String lastErrorLine() {
      List<String> lines = stderr.lines().filter(line -> !line.isBlank()).toList();
      return lines.isEmpty() ? "" : lines.get(lines.size() - 1).strip();
    }
  }
}
