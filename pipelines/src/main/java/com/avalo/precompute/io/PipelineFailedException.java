package com.avalo.precompute.io;

import com.google.common.base.Throwables;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A run that started and did not finish: the engine failed it (a worker lost, a restart strategy
 * exhausted, an exception in a transform), as opposed to a configuration refused before any work.
 */
public final class PipelineFailedException extends RuntimeException {
  private static final int MOST_REASONS = 6;

  public PipelineFailedException(String runner, Throwable cause) {
    super("the pipeline failed on " + runner, cause);
  }

  public PipelineFailedException(String runner, String state) {
    super("the pipeline ended in state " + state + " on " + runner);
  }

  /**
   * What to look at next, where the reasons alone leave a user guessing: a Flink job that got no
   * task slot in time has no TaskManager to run on, which its reasons never say.
   */
  public Optional<String> hint() {
    // By name: Flink's classes are not on every runner's classpath.
    if (Throwables.getCausalChain(this).stream()
        .anyMatch(cause -> cause.getClass().getSimpleName().equals("NoResourceAvailableException"))) {
      return Optional.of("no Flink TaskManager offered the job a task slot in time: check that one is"
          + " running (scripts/flink-cluster.sh status) and, if it has exited, why (its log, under"
          + " the cluster's directory: logs/taskmanager.log)");
    }
    return Optional.empty();
  }

  /**
   * Why, outermost first: the first line of each cause's message, leaving out wrappers whose
   * message only repeats their cause (an engine nests the one real reason ten deep), and the
   * innermost cause's name even when it has no message.
   */
  public List<String> reasons() {
    List<String> reasons = new ArrayList<>();
    for (Throwable cause = getCause(); cause != null && reasons.size() < MOST_REASONS;
        cause = cause.getCause() == cause ? null : cause.getCause()) {
      String message = cause.getMessage() == null ? "" : cause.getMessage().strip().lines().findFirst().orElse("");
      boolean repeatsItsCause = cause.getCause() != null
          && message.contains(cause.getCause().getClass().getName());
      String reason = cause.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
      // The innermost cause is the reason even without a message (a NoSuchElementException, a
      // StackOverflowError): its wrappers name it only in messages that are left out as repeats.
      boolean says = !message.isEmpty() || cause.getCause() == null;
      if (!repeatsItsCause && says && !reasons.contains(reason)) {
        reasons.add(reason);
      }
    }
    return reasons;
  }
}
