package com.avalo.precompute.serving.http;

import com.avalo.precompute.schemas.CacheDocument;
import com.avalo.precompute.serving.store.CacheStore;
import com.avalo.precompute.serving.store.CacheStores;
import com.avalo.precompute.serving.store.SqliteCacheStore;
import com.avalo.precompute.serving.store.StoreSpec;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * For {@code serving/loadtest/run-emulator-bench.sh}: copies a seeded sample of the documents a
 * pipeline run wrote into SQLite to a Firestore store (the emulator), and writes the sample's keys
 * to a key file for {@code zipf-keys.lua}. The documents are copied as they are, envelope and all;
 * a sample with documents that would expire within {@code --min-fresh} is refused rather than
 * benchmarked as misses.
 *
 * <pre>
 * java -cp ... LoadTestCopy --from /tmp/cache.db --project avalo-bench --emulator-host 127.0.0.1:8792 \
 *     --keys 100000 --key-file /tmp/keys.txt [--seed 42] [--threads 4] [--min-fresh PT2H]
 * </pre>
 */
public final class LoadTestCopy {
  private static final int CHUNK = 2_000;

  private LoadTestCopy() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> flags = LoadTestFlags.parse("LoadTestCopy", args);
    Path from = Path.of(required(flags, "from"));
    int count = Integer.parseInt(flags.getOrDefault("keys", "100000"));
    Path keyFile = Path.of(required(flags, "key-file"));
    Duration minFresh = Duration.parse(flags.getOrDefault("min-fresh", "PT2H"));
    StoreSpec target = StoreSpec.firestore(required(flags, "project"), required(flags, "emulator-host"));
    if (!Files.isRegularFile(from)) {
      fail("no SQLite store at " + from);
    }

    long start = System.nanoTime();
    try (SqliteCacheStore source = SqliteCacheStore.open(from);
        CacheStore sink = CacheStores.open(target)) {
      List<String> all = source.keysWithPrefix("", Integer.MAX_VALUE);
      if (all.size() < count) {
        fail(from + " holds " + all.size() + " documents, fewer than --keys " + count
            + "; seed more users");
      }
      List<String> sample = new ArrayList<>(all);
      Collections.shuffle(sample, new Random(Long.parseLong(flags.getOrDefault("seed", "42"))));
      sample = new ArrayList<>(sample.subList(0, count));
      Collections.sort(sample);

      Instant freshUntil = Instant.now().plus(minFresh);
      Map<String, Integer> byType = new TreeMap<>();
      long bytes = 0;
      ExecutorService writers =
          Executors.newFixedThreadPool(Integer.parseInt(flags.getOrDefault("threads", "4")));
      List<Future<?>> writes = new ArrayList<>();
      for (int i = 0; i < sample.size(); i += CHUNK) {
        List<String> keys = sample.subList(i, Math.min(sample.size(), i + CHUNK));
        Map<String, CacheDocument> documents = new HashMap<>(source.getAll(keys));
        for (CacheDocument document : documents.values()) {
          if (document.expiresAt().isBefore(freshUntil)) {
            fail(document.key() + " expires at " + document.expiresAt() + ", within --min-fresh "
                + minFresh + ": rerun the pipeline (the bench runs it with --freshFor=P2D)");
          }
          byType.merge(document.type(), 1, Integer::sum);
          bytes += document.jsonSizeBytes();
        }
        writes.add(writers.submit(() -> sink.write(List.copyOf(documents.values()))));
      }
      for (Future<?> write : writes) {
        write.get();
      }
      writers.shutdown();
      try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(keyFile))) {
        sample.forEach(out::println);
      }
      System.out.printf("copied %,d of %,d documents (%,d bytes of JSON, mean %,d) from %s to %s"
          + " in %.1f s%n  by type: %s%n  keys: %s%n", count, all.size(), bytes, bytes / count,
          from, target, (System.nanoTime() - start) / 1e9, byType, keyFile);
    }
  }

  private static void fail(String message) {
    LoadTestFlags.fail("LoadTestCopy", message);
  }

  private static String required(Map<String, String> flags, String name) {
    return LoadTestFlags.required("LoadTestCopy", flags, name);
  }
}
