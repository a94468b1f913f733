package com.avalo.precompute.serving.http;

import com.avalo.precompute.serving.CacheClient;
import com.avalo.precompute.serving.CacheRead;
import com.avalo.precompute.serving.store.CacheStore;
import com.avalo.precompute.serving.store.CacheStores;
import com.avalo.precompute.serving.store.StoreSpec;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Load-test support, not a test: a miss through {@link CacheClient} against a direct read of the
 * same store, without HTTP, wrk or anything else on the machine, to tell what the client's miss
 * path costs from what the load bench's busy cores add (serving/loadtest/results/README.md).
 * Each of {@code --threads} threads alternates a direct read of one never-read key and a client
 * read of another. Run after {@link LoadTestCopy} filled the emulator:
 *
 * <pre>
 * java -cp ... MissPathReads --project avalo-bench --emulator-host 127.0.0.1:8792 \
 *     --key-file /tmp/keys.txt --reads 2000 --threads 1
 * </pre>
 */
public final class MissPathReads {
  private static final String TOOL = "MissPathReads";

  private MissPathReads() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> flags = LoadTestFlags.parse(TOOL, args);
    List<String> keys = Files.readAllLines(Path.of(LoadTestFlags.required(TOOL, flags, "key-file")));
    int reads = Integer.parseInt(flags.getOrDefault("reads", "2000"));
    int threads = Integer.parseInt(flags.getOrDefault("threads", "1"));
    if (keys.size() < 2 * reads * threads) {
      throw new IllegalArgumentException("need " + 2 * reads * threads + " keys, have " + keys.size());
    }
    StoreSpec spec = StoreSpec.firestore(LoadTestFlags.required(TOOL, flags, "project"),
        LoadTestFlags.required(TOOL, flags, "emulator-host"));
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try (CacheStore direct = CacheStores.open(spec);
        CacheClient client = CacheClient.builder(CacheStores.open(spec))
            .meterRegistry(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)).build()) {
      for (int round = 0; round < 2; round++) {
        List<Future<long[][]>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          int first = (round == 0 ? 0 : keys.size() / 2) + t * reads;
          results.add(pool.submit(() -> {
            long[] store = new long[reads / 2];
            long[] through = new long[reads / 2];
            for (int i = 0; i + 1 < reads; i += 2) {
              long start = System.nanoTime();
              direct.get(keys.get(first + i));
              store[i / 2] = System.nanoTime() - start;
              start = System.nanoTime();
              CacheRead read = client.get(keys.get(first + i + 1));
              through[i / 2] = System.nanoTime() - start;
              if (read.document() == null) {
                throw new IllegalStateException("no document for " + keys.get(first + i + 1));
              }
            }
            return new long[][] {store, through};
          }));
        }
        List<long[]> store = new ArrayList<>();
        List<long[]> through = new ArrayList<>();
        for (Future<long[][]> result : results) {
          store.add(result.get()[0]);
          through.add(result.get()[1]);
        }
        System.out.println("round " + (round + 1) + ", " + threads + " threads: direct "
            + summary(store) + " | through the client " + summary(through));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static String summary(List<long[]> parts) {
    long[] all = parts.stream().flatMapToLong(Arrays::stream).sorted().toArray();
    return String.format("mean %.2f ms, p50 %.2f, p95 %.2f, p99 %.2f",
        Arrays.stream(all).average().orElse(0) / 1e6, all[all.length / 2] / 1e6,
        all[(int) (all.length * 0.95)] / 1e6, all[(int) (all.length * 0.99)] / 1e6);
  }
}
