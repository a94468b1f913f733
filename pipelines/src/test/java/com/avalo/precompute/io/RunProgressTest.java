package com.avalo.precompute.io;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricKey;
import org.apache.beam.sdk.metrics.MetricName;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricResults;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.joda.time.Duration;
import org.junit.Test;

/** What the progress printer shows, on a terminal and in a log, from a runner's live counters. */
public class RunProgressTest {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
  private final AtomicLong nanos = new AtomicLong();

  private RunProgress progress(RunProgress.Display display, int width) {
    return new RunProgress("running profiles+feeds", false, out, display, width, nanos::get);
  }

  private String printed() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  public void withoutATerminalEachUpdateIsOnePlainLineWithTheCountsPerCollectionAndJob() {
    RunProgress progress = progress(RunProgress.Display.PLAIN, 80);
    progress.tick();
    nanos.addAndGet(TimeUnit.SECONDS.toNanos(75));
    progress.follow(new RunningWith(List.of(counter("records_read", "users", 7),
        counter("records_read", "likes", 5), counter("records_read", "users", 3),
        counter("documents_written", "profiles", 5), counter("documents_written", "feeds", 4),
        counter("documents_deleted", "all", 1), counter("dead_lettered", "likes", 2),
        counter("feeds", "pairs_compared", 99))));
    progress.close();

    List<String> lines = printed().lines().toList();
    assertEquals(List.of(
        "running profiles+feeds  0:00  no counts from the runner yet (embedded Flink gives them"
            + " only when it ends)",
        "running profiles+feeds  1:15  read 15  written 9 (feeds 4, profiles 5)  deleted 1"
            + "  dead-lettered 2  · read by collection: likes 5, users 10"), lines);
    assertFalse(printed(), printed().contains("\r") || printed().contains("\u001b"));
  }

  @Test
  public void aDryRunsCountsAreSaidAsWhatItWouldDo() {
    RunProgress progress = new RunProgress("running a dry run of feeds", true, out,
        RunProgress.Display.PLAIN, 80, nanos::get);
    progress.follow(new RunningWith(List.of(counter("records_read", "users", 7),
        counter("documents_written", "feeds", 4), counter("documents_deleted", "all", 1),
        counter("dead_lettered", "likes", 2))));
    progress.close();

    assertEquals("running a dry run of feeds  0:00  read 7  would write 4 (feeds 4)  would delete 1"
        + "  would dead-letter 2  · read by collection: users 7", printed().strip());
  }

  @Test
  public void onATerminalOneLineIsRepaintedInPlaceCutToTheWidthAndClearedAtTheEnd() {
    RunProgress progress = progress(RunProgress.Display.TERMINAL, 60);
    progress.tick();
    progress.follow(new RunningWith(List.of(counter("records_read", "users", 1_234_567))));
    progress.close();

    String text = printed();
    assertFalse(text, text.contains("\n"));
    String[] paints = text.split("\r", -1);
    assertEquals(text, 4, paints.length); // nothing before the first \r, two updates, the clearing
    for (int i = 1; i < 3; i++) {
      assertTrue(paints[i], paints[i].endsWith(Terminals.CLEAR_TO_END_OF_LINE));
      assertTrue(paints[i], paints[i].length() - Terminals.CLEAR_TO_END_OF_LINE.length() < 60);
    }
    assertTrue(paints[2], paints[2].startsWith("running profiles+feeds  0:00  read 1,234,567  wr"));
    assertEquals(Terminals.CLEAR_TO_END_OF_LINE, paints[3]);
  }

  @Test
  public void aRunnerThatCannotReportWhileRunningIsSaidSoRatherThanShownAsZero() {
    RunProgress progress = progress(RunProgress.Display.PLAIN, 80);
    progress.follow(new RunningWith(null));
    assertTrue(printed(), printed().contains("gives no counters while running"));
  }

  private static MetricResult<Long> counter(String namespace, String name, long value) {
    return MetricResult.attempted(MetricKey.create("step", MetricName.named(namespace, name)), value);
  }

  /** A running pipeline whose counters are {@code counters}; null: it cannot report any. */
  private record RunningWith(List<MetricResult<Long>> counters) implements PipelineResult {
    @Override
    public State getState() {
      return State.RUNNING;
    }

    @Override
    public State cancel() {
      return State.CANCELLED;
    }

    @Override
    public State waitUntilFinish(Duration duration) {
      return State.RUNNING;
    }

    @Override
    public State waitUntilFinish() {
      return State.DONE;
    }

    @Override
    public MetricResults metrics() {
      if (counters == null) {
        throw new UnsupportedOperationException("no metrics while running");
      }
      return new MetricResults() {
        @Override
        public MetricQueryResults queryMetrics(MetricsFilter filter) {
          return MetricQueryResults.create(new ArrayList<>(counters), List.of(), List.of(),
              List.of(), List.of(), List.of());
        }
      };
    }
  }
}
