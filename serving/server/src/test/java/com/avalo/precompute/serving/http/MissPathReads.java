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
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Load-test support, not a test: a miss through {@link CacheClient} against a direct read of the
 * same store, without HTTP, wrk or anything else on the machine, to tell what the client's miss
 * path costs from what the load bench's busy cores add (serving/loadtest/results/README.md).
 * Each of {@code --threads} threads reads never-read keys in turn three ways: directly from the
 * store, through the client (the store's answer handled on the gRPC thread that delivers it), and
 * through a client whose store answers hop to the loader pool first (the path before
 * {@code CacheStore#nonBlockingReads}). The three are interleaved, so whatever else the machine
 * does weighs on each alike; {@code --busy-threads N} adds N spinning threads, to see what a hop
 * costs when the cores are saturated, as in the bench. Run after {@link LoadTestCopy} filled the
 * emulator:
 *
 * <pre>
 * java -cp ... MissPathReads --project avalo-bench --emulator-host 127.0.0.1:8792 \
 *     --key-file /tmp/keys.txt --reads 2000 --threads 1 [--busy-threads 4]
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
    int busy = Integer.parseInt(flags.getOrDefault("busy-threads", "0"));
    if (keys.size() < 2 * reads * threads) {
      throw new IllegalArgumentException("need " + 2 * reads * threads + " keys, have " + keys.size());
    }
    StoreSpec spec = StoreSpec.firestore(LoadTestFlags.required(TOOL, flags, "project"),
        LoadTestFlags.required(TOOL, flags, "emulator-host"));
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    AtomicBoolean stop = new AtomicBoolean();
    List<Thread> spinners = new ArrayList<>();
    for (int i = 0; i < busy; i++) {
      Thread spinner = new Thread(() -> {
        long sink = 0;
        while (!stop.get()) {
          sink += System.nanoTime() % 7;
        }
        if (sink == 42) {
          System.out.print("");
        }
      }, "busy-" + i);
      spinner.setDaemon(true);
      spinner.start();
      spinners.add(spinner);
    }
    try (CacheStore direct = CacheStores.open(spec);
        CacheClient client = client(CacheStores.open(spec));
        CacheClient hopping = client(new HoppingStore(CacheStores.open(spec)))) {
      for (int round = 0; round < 2; round++) {
        List<Future<long[][]>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          int first = (round == 0 ? 0 : keys.size() / 2) + t * reads;
          results.add(pool.submit(() -> {
            long[][] times = new long[3][reads / 3];
            for (int i = 0; i + 2 < reads; i += 3) {
              for (int k = 0; k < 3; k++) {
                int way = (i / 3 + k) % 3; // rotate the order: no way always goes first
                String key = keys.get(first + i + k);
                long start = System.nanoTime();
                CacheRead read = way == 0 ? null : (way == 1 ? client : hopping).get(key);
                if (way == 0) {
                  direct.get(key);
                }
                times[way][i / 3] = System.nanoTime() - start;
                if (way != 0 && read.document() == null) {
                  throw new IllegalStateException("no document for " + key);
                }
              }
            }
            return times;
          }));
        }
        List<List<long[]>> byWay = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (Future<long[][]> result : results) {
          for (int way = 0; way < 3; way++) {
            byWay.get(way).add(result.get()[way]);
          }
        }
        System.out.println("round " + (round + 1) + ", " + threads + " threads, " + busy
            + " busy threads: direct " + summary(byWay.get(0)) + " | client, answer on gRPC's thread "
            + summary(byWay.get(1)) + " | client, answer hops to the loader pool "
            + summary(byWay.get(2)));
      }
    } finally {
      stop.set(true);
      pool.shutdownNow();
    }
  }

  private static CacheClient client(CacheStore store) {
    return CacheClient.builder(store)
        .meterRegistry(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)).build();
  }

  /**
   * A Firestore store that says its reads block, so the client hands it its loader pool, to which
   * the Firestore client then delivers each answer: the miss path before answers were handled
   * where they arrive.
   */
  private static final class HoppingStore implements CacheStore {
    private final CacheStore store;

    HoppingStore(CacheStore store) {
      this.store = store;
    }

    @Override
    public java.util.Optional<com.avalo.precompute.schemas.CacheDocument> get(String key) {
      return store.get(key);
    }

    @Override
    public java.util.concurrent.CompletableFuture<java.util.Optional<com.avalo.precompute.schemas.CacheDocument>>
        getAsync(String key, java.util.concurrent.Executor executor) {
      return store.getAsync(key, executor);
    }

    @Override
    public Map<String, com.avalo.precompute.schemas.CacheDocument> getAll(java.util.Collection<String> keys) {
      return store.getAll(keys);
    }

    @Override
    public void write(List<com.avalo.precompute.schemas.CacheDocument> documents) {
      store.write(documents);
    }

    @Override
    public void delete(java.util.Collection<String> keys) {
      store.delete(keys);
    }

    @Override
    public List<String> keysWithPrefix(String prefix, int limit) {
      return store.keysWithPrefix(prefix, limit);
    }

    @Override
    public String describe() {
      return store.describe();
    }

    @Override
    public void close() {
      store.close();
    }
  }

  private static String summary(List<long[]> parts) {
    long[] all = parts.stream().flatMapToLong(Arrays::stream).sorted().toArray();
    return String.format("mean %.2f ms, p50 %.2f, p95 %.2f, p99 %.2f",
        Arrays.stream(all).average().orElse(0) / 1e6, all[all.length / 2] / 1e6,
        all[(int) (all.length * 0.95)] / 1e6, all[(int) (all.length * 0.99)] / 1e6);
  }
}
