package com.avalo.precompute.serving.http;

import com.avalo.precompute.serving.http.LatencyLog.Window;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.eclipse.jetty.client.AbstractConnectionPool;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.RoundRobinConnectionPool;

/**
 * Load-test support, not a test: an open-loop, constant-throughput load generator (wrk2's method)
 * for the serving HTTP service. Sends {@code --rate} GETs a second for {@code --duration} seconds
 * over {@code --connections} keep-alive connections (all opened first, used in turn), keys drawn
 * Zipf from {@code --key-file}; reports latency from each request's intended send time (corrected
 * for coordinated omission) beside the service time a closed-loop tool would report, per
 * {@code --window} seconds and for the whole run. Loopback targets only.
 *
 * <pre>
 * java -cp ... OpenLoopLoad --url http://127.0.0.1:8090 --token T --key-file keys.txt \
 *     --rate 2000 --duration 60 [--connections 1000] [--zipf 1.0] [--keys N] [--timeout-ms 5000]
 *     [--window 10] [--seed 42] [--rank-seed 42] [--out report.txt]
 * </pre>
 *
 * {@code --rank-seed} decides which key holds which Zipf rank, so runs that share it share their
 * hot keys; {@code --seed} decides the sequence of draws, so phases of one benchmark with different
 * seeds read the same hot keys in different orders (a cached phase does not replay its warm-up).
 *
 * The last lines of the report are {@code name: value} pairs ({@code requests/s},
 * {@code latency p50} ... {@code latency max}, {@code service p50}, {@code service p99},
 * {@code errors}, {@code p99 by window}) that {@code run-emulator-bench.sh} reads.
 */
public final class OpenLoopLoad {
  private static final String TOOL = "OpenLoopLoad";

  private OpenLoopLoad() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> flags = LoadTestFlags.parse(TOOL, args);
    URI url = URI.create(LoadTestFlags.required(TOOL, flags, "url").replaceAll("/+$", ""));
    String host = url.getHost();
    if (host == null || !InetAddress.getByName(host).isLoopbackAddress()) {
      fail("refusing to load '" + host + "': only loopback addresses may be targeted");
    }
    String token = LoadTestFlags.required(TOOL, flags, "token");
    double rate = Double.parseDouble(LoadTestFlags.required(TOOL, flags, "rate"));
    double seconds = Double.parseDouble(LoadTestFlags.required(TOOL, flags, "duration"));
    if (seconds > 1800) {
      fail("--duration is at most 1800 seconds, was " + seconds);
    }
    int connections = Integer.parseInt(flags.getOrDefault("connections", "1000"));
    long timeoutMs = Long.parseLong(flags.getOrDefault("timeout-ms", "5000"));
    int windowSeconds = Integer.parseInt(flags.getOrDefault("window", "10"));
    long seed = Long.parseLong(flags.getOrDefault("seed", "42"));
    long rankSeed = Long.parseLong(flags.getOrDefault("rank-seed", "42"));
    ZipfPaths paths = new ZipfPaths(ZipfPaths.read(Path.of(LoadTestFlags.required(TOOL, flags, "key-file")),
        Integer.parseInt(flags.getOrDefault("keys", "0"))),
        Double.parseDouble(flags.getOrDefault("zipf", "1.0")), rankSeed);

    List<String> report = new ArrayList<>();
    PrintStream out = System.out;
    HttpClient client = client(connections);
    client.start();
    try {
      String base = url.toString();
      ContentResponse probe = get(client, base, paths.hottest(), token, timeoutMs).send();
      if (probe.getStatus() >= 300) {
        fail("probe GET " + base + paths.hottest() + " answered " + probe.getStatus()
            + "; check the URL, token and key file");
      }
      Request any = get(client, base, paths.hottest(), token, timeoutMs);
      ((AbstractConnectionPool) client.resolveDestination(any).getConnectionPool())
          .preCreateConnections(connections).get(60, TimeUnit.SECONDS);
      line(out, report, String.format(Locale.ROOT, "avalo open-loop load: %s, %d keys, %d"
          + " connections, %.0f req/s for %.0f s, %s", base, paths.size(), connections, rate,
          seconds, Instant.now()));

      LatencyLog log = new LatencyLog();
      List<Double> windowP99 = new ArrayList<>();
      ScheduledExecutorService reporter = Executors.newSingleThreadScheduledExecutor();
      long[] windowIndex = {0};
      reporter.scheduleAtFixedRate(() -> {
        Window window = log.window();
        windowIndex[0]++;
        windowP99.add(millis(window.fromIntended(), 99));
        line(out, report, windowLine(windowIndex[0] * windowSeconds, window, log));
      }, windowSeconds, windowSeconds, TimeUnit.SECONDS);

      OpenLoop.Sender sender = (path, intended, sink) -> {
        long[] sentAt = {0};
        get(client, base, path, token, timeoutMs)
            .onRequestBegin(request -> sentAt[0] = System.nanoTime())
            .send(result -> {
              long done = System.nanoTime();
              if (result.isSucceeded() && sentAt[0] != 0) {
                sink.answered(intended, sentAt[0], done, result.getResponse().getStatus());
              } else {
                sink.failed();
              }
            });
      };
      long start = new OpenLoop(OpenLoop.Clock.SYSTEM, sender, paths, log, seed).run(rate, seconds);
      long drainUntil = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs + 1000);
      while (log.answeredCount() + log.transportErrors() < log.sentCount()
          && System.nanoTime() < drainUntil) {
        Thread.sleep(10);
      }
      double elapsed = (System.nanoTime() - start) / 1e9;
      reporter.shutdown();
      reporter.awaitTermination(5, TimeUnit.SECONDS);
      Window last = log.window();
      // The answers after the last full window join the totals; a p99 of their few would read
      // as a window of its own.
      if (last.fromIntended().getTotalCount() >= rate * windowSeconds / 2) {
        windowP99.add(millis(last.fromIntended(), 99));
      }
      summary(out, report, log, rate, elapsed, windowP99);
    } finally {
      client.stop();
    }
    String file = flags.get("out");
    if (file != null) {
      Files.write(Path.of(file), report, StandardCharsets.UTF_8);
    }
  }

  private static HttpClient client(int connections) {
    HttpClient client = new HttpClient();
    client.setMaxConnectionsPerDestination(connections);
    // The schedule, not the client, decides what is sent: queue whatever waits for a connection.
    client.setMaxRequestsQueuedPerDestination(Integer.MAX_VALUE);
    client.setIdleTimeout(TimeUnit.MINUTES.toMillis(30));
    client.setConnectTimeout(TimeUnit.SECONDS.toMillis(10));
    // Every connection in turn, as wrk2 spreads its rate over all of them.
    client.getTransport().setConnectionPoolFactory(
        destination -> new RoundRobinConnectionPool(destination, connections));
    return client;
  }

  private static Request get(HttpClient client, String base, String path, String token,
      long timeoutMs) {
    return client.newRequest(base + path)
        .headers(headers -> headers.put("Authorization", "Bearer " + token)
            .put("Accept", "application/json"))
        .timeout(timeoutMs, TimeUnit.MILLISECONDS);
  }

  static String windowLine(long endSeconds, Window window, LatencyLog log) {
    Histogram h = window.fromIntended();
    return String.format(Locale.ROOT, "window to %4d s: %7d answers, p50 %8.2f ms, p99 %8.2f ms,"
        + " max %8.2f ms (from intended); service p99 %8.2f ms; errors so far %d", endSeconds,
        h.getTotalCount(), millis(h, 50), millis(h, 99), h.getMaxValue() / 1e6,
        millis(window.fromSent(), 99), log.statusErrors() + log.transportErrors());
  }

  static void summary(PrintStream out, List<String> report, LatencyLog log, double rate,
      double elapsedSeconds, List<Double> windowP99) {
    Histogram total = log.intendedTotal();
    Histogram service = log.serviceTotal();
    long unanswered = log.sentCount() - log.answeredCount() - log.transportErrors();
    line(out, report, String.format(Locale.ROOT, "offered: %.1f req/s", rate));
    line(out, report, String.format(Locale.ROOT, "requests/s: %.1f", log.answeredCount() / elapsedSeconds));
    for (double p : new double[] {50, 90, 95, 99, 99.9}) {
      line(out, report, String.format(Locale.ROOT, "latency p%s: %.2f ms",
          p == Math.rint(p) ? String.valueOf((int) p) : String.valueOf(p), millis(total, p)));
    }
    line(out, report, String.format(Locale.ROOT, "latency max: %.2f ms", total.getMaxValue() / 1e6));
    line(out, report, String.format(Locale.ROOT, "service p50: %.2f ms", millis(service, 50)));
    line(out, report, String.format(Locale.ROOT, "service p99: %.2f ms", millis(service, 99)));
    line(out, report, String.format(Locale.ROOT, "errors: %d", log.statusErrors()
        + log.transportErrors() + unanswered));
    line(out, report, String.format(Locale.ROOT, "errors by kind: status>=400 %d, no answer %d,"
        + " unanswered at the end %d", log.statusErrors(), log.transportErrors(), unanswered));
    StringBuilder p99s = new StringBuilder();
    windowP99.forEach(p99 -> p99s.append(String.format(Locale.ROOT, " %.2f", p99)));
    line(out, report, "p99 by window:" + p99s);
  }

  static double millis(Histogram histogram, double percentile) {
    return histogram.getTotalCount() == 0 ? 0 : histogram.getValueAtPercentile(percentile) / 1e6;
  }

  private static synchronized void line(PrintStream out, List<String> report, String text) {
    out.println(text);
    out.flush();
    report.add(text);
  }

  private static void fail(String message) {
    LoadTestFlags.fail(TOOL, message);
  }
}
