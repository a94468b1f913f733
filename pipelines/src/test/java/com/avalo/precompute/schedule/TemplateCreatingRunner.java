package com.avalo.precompute.schedule;

import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.PipelineRunner;
import org.apache.beam.sdk.metrics.MetricResults;
import org.apache.beam.sdk.options.PipelineOptions;
import org.joda.time.Duration;

/**
 * Answers {@code run()} as Dataflow's runner does inside a Flex Template launch, where it only
 * writes the job's graph for the service to start: with a result every method of which throws,
 * as Beam's {@code DataflowTemplateJob} does ("The result of template creation should not be
 * used"). Runs nothing.
 */
public final class TemplateCreatingRunner extends PipelineRunner<PipelineResult> {
  static final String REFUSAL = "The result of template creation should not be used.";
  /** The options of the last pipeline given to {@code run()}: what the job's graph would carry. */
  static volatile PipelineOptions lastRunOptions;

  public static TemplateCreatingRunner fromOptions(PipelineOptions options) {
    return new TemplateCreatingRunner();
  }

  @Override
  public PipelineResult run(Pipeline pipeline) {
    lastRunOptions = pipeline.getOptions();
    return new PipelineResult() {
      @Override
      public State getState() {
        throw new UnsupportedOperationException(REFUSAL);
      }

      @Override
      public State cancel() {
        throw new UnsupportedOperationException(REFUSAL);
      }

      @Override
      public State waitUntilFinish(Duration duration) {
        throw new UnsupportedOperationException(REFUSAL);
      }

      @Override
      public State waitUntilFinish() {
        throw new UnsupportedOperationException(REFUSAL);
      }

      @Override
      public MetricResults metrics() {
        throw new UnsupportedOperationException(REFUSAL);
      }
    };
  }
}
