package com.avalo.precompute.io;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.concurrent.ExecutionException;
import org.junit.Test;

/** A failed run explains itself in a few lines, whatever depth the engine nested its reason at. */
public class PipelineFailedExceptionTest {

  @Test
  public void keepsEachReasonAndDropsWrappersThatOnlyRepeatTheirCause() {
    Throwable lost = new IllegalStateException("TaskManager tm-1 is no longer reachable.\n\tat a stack line");
    Throwable suppressed = new Exception("Recovery is suppressed by FixedDelayRestartBackoffTimeStrategy("
        + "maxNumberRestartAttempts=2, backoffTimeMS=10000)", lost);
    Throwable jobFailed = new Exception("Job execution failed.", suppressed);
    Throwable wrapped = new RuntimeException(new ExecutionException(jobFailed));
    PipelineFailedException failure = new PipelineFailedException("FlinkRunner",
        new RuntimeException("Pipeline execution failed", wrapped));

    assertEquals("the pipeline failed on FlinkRunner", failure.getMessage());
    assertEquals(List.of(
        "RuntimeException: Pipeline execution failed",
        "Exception: Job execution failed.",
        "Exception: Recovery is suppressed by FixedDelayRestartBackoffTimeStrategy("
            + "maxNumberRestartAttempts=2, backoffTimeMS=10000)",
        "IllegalStateException: TaskManager tm-1 is no longer reachable."), failure.reasons());
  }

  @Test
  public void aReasonRepeatedDeeperIsGivenOnceAndTheListIsShort() {
    Throwable cause = new IllegalStateException("disk full");
    for (int i = 0; i < 10; i++) {
      cause = new IllegalStateException(i % 2 == 0 ? "disk full" : "step " + i + " failed", cause);
    }
    List<String> reasons = new PipelineFailedException("DirectRunner", cause).reasons();
    assertEquals(6, reasons.size());
    assertEquals("IllegalStateException: step 9 failed", reasons.get(0));
    assertEquals("IllegalStateException: disk full", reasons.get(1));
    assertEquals(1, reasons.stream().filter(reason -> reason.endsWith("disk full")).count());
  }

  @Test
  public void anInnermostCauseWithoutAMessageIsStillNamed() {
    // Beam wraps a DoFn's exception in one whose message is only the cause's class name.
    Throwable userCode = new RuntimeException(new java.util.NoSuchElementException());
    PipelineFailedException failure = new PipelineFailedException("FlinkRunner",
        new RuntimeException("Pipeline execution failed", new Exception("Job execution failed.",
            userCode)));
    assertEquals(List.of("RuntimeException: Pipeline execution failed",
        "Exception: Job execution failed.", "NoSuchElementException"), failure.reasons());
    assertEquals(List.of("StackOverflowError"),
        new PipelineFailedException("DirectRunner", new StackOverflowError()).reasons());
  }

  /** Stands in for Flink's exception of that name, which the hint finds by its name. */
  private static final class NoResourceAvailableException extends Exception {
    NoResourceAvailableException(String message) {
      super(message);
    }
  }

  @Test
  public void aJobThatGotNoTaskSlotIsToldToLookForItsTaskManager() {
    Throwable noSlot = new NoResourceAvailableException("Slot request bulk is not fulfillable!");
    PipelineFailedException failure = new PipelineFailedException("FlinkRunner",
        new RuntimeException("Pipeline execution failed", new Exception("Job execution failed.", noSlot)));
    assertTrue(failure.hint().orElseThrow().startsWith("no Flink TaskManager offered the job a task slot"));
    assertEquals(java.util.Optional.empty(), new PipelineFailedException("FlinkRunner",
        new IllegalStateException("TaskManager tm-1 is no longer reachable.")).hint());
  }

  @Test
  public void aRunEndedInAnotherStateSaysWhich() {
    PipelineFailedException failure = new PipelineFailedException("FlinkRunner", "CANCELLED");
    assertEquals("the pipeline ended in state CANCELLED on FlinkRunner", failure.getMessage());
    assertEquals(List.of(), failure.reasons());
  }
}
