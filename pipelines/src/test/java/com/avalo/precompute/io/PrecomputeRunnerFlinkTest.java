package com.avalo.precompute.io;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.assertThrows;

import com.google.common.base.Throwables;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.join.CoGbkResult;
import org.apache.beam.sdk.transforms.join.CoGroupByKey;
import org.apache.beam.sdk.transforms.join.KeyedPCollectionTuple;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.TupleTag;
import org.junit.Test;

/**
 * A group over 10,000 values read one tag after the other, as the jobs' joins do for a user liked
 * by that many: on Flink it needs re-iterable groups, which {@link PrecomputeRunner#parseOptions}
 * turns on unless told otherwise.
 */
public class PrecomputeRunnerFlinkTest {
  private static final TupleTag<Integer> MANY = new TupleTag<>() {};
  private static final TupleTag<Integer> ONE = new TupleTag<>() {};
  private static final int GROUP_SIZE = 12_000;

  @Test
  public void flinkReadsEveryTagOfAGroupOverTenThousandValues() {
    PipelineResult result = runJoin("--runner=FlinkRunner", "--flinkMaster=[local]");
    long counted = result.metrics().queryMetrics(MetricsFilter.builder()
            .addNameFilter(MetricNameFilter.named("test", "values")).build())
        .getCounters().iterator().next().getAttempted();
    assertEquals(GROUP_SIZE + 1, counted);
  }

  @Test
  public void anExplicitChoiceIsKeptAndWithoutReIterationTheJoinFails() {
    String[] args = {"--runner=FlinkRunner", "--flinkMaster=[local]",
        "--useDataStreamForBatch=false", "--reIterableGroupByKeyResult=false"};
    assertFalse(flinkOptions(args).getReIterableGroupByKeyResult());
    // Only Beam's DataSet translation streams groups once; the DataStream one holds them in memory.
    RuntimeException failed = assertThrows(RuntimeException.class, () -> runJoin(args));
    // The join's own failure, not any other (a misspelt flag, a cluster that did not start).
    assertTrue(Throwables.getStackTraceAsString(failed), Throwables.getCausalChain(failed).stream()
        .anyMatch(cause -> cause instanceof IllegalStateException
            && String.valueOf(cause.getMessage()).startsWith("GBK result is not re-iterable")));
  }

  @Test
  public void flinkInThisJvmRunsOnTheDataStreamApiUnlessToldOtherwise() {
    assertTrue(flinkOptions("--runner=FlinkRunner", "--flinkMaster=[local]")
        .getUseDataStreamForBatch());
    assertFalse(flinkOptions("--runner=FlinkRunner", "--flinkMaster=[local]",
        "--useDataStreamForBatch=false").getUseDataStreamForBatch());
    // A cluster keeps its own choices: the runner's default there.
    assertFalse(flinkOptions("--runner=FlinkRunner", "--flinkMaster=localhost:8081")
        .getUseDataStreamForBatch());
  }

  private static FlinkPipelineOptions flinkOptions(String... args) {
    return PrecomputeRunner.parseOptions(List.of(), args).as(FlinkPipelineOptions.class);
  }

  private static PipelineResult runJoin(String... args) {
    Pipeline pipeline = Pipeline.create(PrecomputeRunner.parseOptions(List.of(), args));
    KvCoder<String, Integer> coder = KvCoder.of(StringUtf8Coder.of(), VarIntCoder.of());
    KeyedPCollectionTuple
        .of(MANY, pipeline.apply("Many", Create.of(IntStream.range(0, GROUP_SIZE)
            .mapToObj(i -> KV.of("hot", i)).toList()).withCoder(coder)))
        .and(ONE, pipeline.apply("One", Create.of(KV.of("hot", -1)).withCoder(coder)))
        .apply(CoGroupByKey.create())
        .apply(ParDo.of(new DoFn<KV<String, CoGbkResult>, Void>() {
          @ProcessElement
          public void process(@Element KV<String, CoGbkResult> group) {
            long values = 0;
            for (Integer ignored : group.getValue().getAll(MANY)) {
              values++;
            }
            for (Integer ignored : group.getValue().getAll(ONE)) {
              values++;
            }
            Metrics.counter("test", "values").inc(values);
          }
        }));
    PipelineResult result = pipeline.run();
    result.waitUntilFinish();
    return result;
  }
}
