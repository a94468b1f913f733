package com.avalo.precompute.io;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.avalo.precompute.cli.Jobs;
import com.avalo.precompute.serving.store.StoreSpec;
import com.avalo.precompute.store.StoreWriter;
import com.avalo.precompute.store.StoreWriters;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.runners.TransformHierarchy;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PValue;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * No step of a run that reads side inputs takes the run's documents or writes as its main input.
 * Flink's DataStream runner pushes a step's main input back onto the heap while its side inputs
 * are not ready: a check on every write held all 11.9M documents of a 1M-user run there and
 * stalled it (bench/scale/RESULTS.md, stop 47). A check the writes must wait for joins the diff
 * instead ({@link RefuseWritesOnRefusedRecords}).
 */
public class NoSideInputsBesideDocumentsTest {
  @Rule public TemporaryFolder temp = new TemporaryFolder();

  @Test
  public void noStepOfRunAllReadsSideInputsBesideDocuments() throws Exception {
    List<PrecomputeJob> jobs = Jobs.named(List.of("all"));
    PrecomputeOptions options = PrecomputeRunner.parseOptions(jobs,
        new String[] {"--input=src/test/resources/fixtures/small"});
    RunSettings settings =
        RunSettings.writingTo(StoreSpec.sqlite(temp.getRoot().toPath().resolve("cache.db")))
            .withAsOf(Instant.parse("2026-11-20T00:00:00Z")).withRunId("r1");
    StoreWriter store = StoreWriters.forRun(settings, options);
    RunContext run = RunContext.from(settings, options, Instant.now());
    Pipeline pipeline = PrecomputeRunner.build(jobs, options, run, store,
        PrecomputeRunner.plan(jobs, options, settings, run, store));

    List<String> sideInputSteps = new ArrayList<>();
    List<String> besideDocuments = new ArrayList<>();
    pipeline.traverseTopologically(new Pipeline.PipelineVisitor.Defaults() {
      @Override
      public void visitPrimitiveTransform(TransformHierarchy.Node node) {
        if (!(node.getTransform() instanceof ParDo.MultiOutput<?, ?> parDo)
            || parDo.getSideInputs().isEmpty()) {
          return;
        }
        sideInputSteps.add(node.getFullName());
        Set<PValue> sideInputs = new HashSet<>(parDo.getAdditionalInputs().values());
        for (PValue input : node.getInputs().values()) {
          if (!sideInputs.contains(input) && input instanceof PCollection<?> collection
              && collection.getCoder() instanceof CacheWriteCoder) {
            besideDocuments.add(node.getFullName());
          }
        }
      }
    });

    // The steps that must read side inputs (reference checks, feeds, manifests) were seen.
    assertTrue(sideInputSteps.toString(), sideInputSteps.size() >= 3);
    assertEquals(List.of(), besideDocuments);
  }
}
