package com.avalo.precompute.io;

import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Max;
import org.apache.beam.sdk.transforms.Sum;
import org.apache.beam.sdk.transforms.Top;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Duration;
import org.junit.Rule;
import org.junit.Test;

public class PrecombinePerKeyTest {
  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  /** Whatever the bound on inputs held in memory, the sums and tops equal Combine.perKey's. */
  @Test
  public void givesWhatCombinePerKeyGives() {
    Random random = new Random(7);
    List<KV<String, Long>> contributions = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      // A few hot keys and a long tail, as buckets and users are.
      String key = random.nextInt(4) == 0 ? "hot" + random.nextInt(3) : "k" + random.nextInt(700);
      contributions.add(KV.of(key, (long) random.nextInt(1_000_000) - 500_000));
    }
    PCollection<KV<String, Long>> input = pipeline.apply(Create.of(contributions)
        .withCoder(KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of())));

    for (int bound : new int[] {1, 37, PrecombinePerKey.DEFAULT_MAX_INPUTS_IN_MEMORY}) {
      PAssert.that(input.apply("Sum" + bound,
              PrecombinePerKey.<String, Long, long[], Long>of(Sum.ofLongs())
                  .withMaxInputsInMemory(bound)))
          .containsInAnyOrder(expectedSums(contributions));
      PAssert.that(input.apply("Top" + bound,
              topThree()
                  .withMaxInputsInMemory(bound)))
          .containsInAnyOrder(expectedTops(contributions, 3));
    }
    pipeline.run().waitUntilFinish();
  }

  @Test
  public void refusesWindowsOtherThanTheGlobalOne() {
    PCollection<KV<String, Long>> windowed = pipeline
        .apply(Create.of(KV.of("a", 1L)).withCoder(KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of())))
        .apply(Window.into(FixedWindows.of(Duration.standardMinutes(1))));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> windowed.apply(PrecombinePerKey.<String, Long, long[], Long>of(Sum.ofLongs())));
    assertTrue(e.getMessage(), e.getMessage().contains("global window"));
    pipeline.enableAbandonedNodeEnforcement(false);
  }

  @Test
  public void refusesABoundBelowOne() {
    assertThrows(IllegalArgumentException.class,
        () -> PrecombinePerKey.of(Max.ofLongs()).withMaxInputsInMemory(0));
    pipeline.enableAbandonedNodeEnforcement(false);
  }

  private static PrecombinePerKey<String, Long, ?, List<Long>> topThree() {
    return precombine(new Top.TopCombineFn<>(3, new Top.Natural<Long>()));
  }

  private static <A> PrecombinePerKey<String, Long, A, List<Long>> precombine(
      org.apache.beam.sdk.transforms.Combine.CombineFn<Long, A, List<Long>> fn) {
    return PrecombinePerKey.of(fn);
  }

  private static List<KV<String, Long>> expectedSums(List<KV<String, Long>> contributions) {
    java.util.Map<String, Long> sums = new java.util.TreeMap<>();
    contributions.forEach(kv -> sums.merge(kv.getKey(), kv.getValue(), Long::sum));
    return sums.entrySet().stream().map(e -> KV.of(e.getKey(), e.getValue())).toList();
  }

  private static List<KV<String, List<Long>>> expectedTops(List<KV<String, Long>> contributions,
      int n) {
    java.util.Map<String, List<Long>> all = new java.util.TreeMap<>();
    contributions.forEach(kv -> all.computeIfAbsent(kv.getKey(), k -> new ArrayList<>()).add(kv.getValue()));
    return all.entrySet().stream().map(e -> {
      List<Long> sorted = new ArrayList<>(e.getValue());
      sorted.sort(java.util.Comparator.reverseOrder());
      return KV.of(e.getKey(), List.copyOf(sorted.subList(0, Math.min(n, sorted.size()))));
    }).toList();
  }
}
