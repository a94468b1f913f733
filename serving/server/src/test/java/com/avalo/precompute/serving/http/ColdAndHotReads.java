package com.avalo.precompute.serving.http;

import com.avalo.precompute.serving.store.CacheStore;
import com.avalo.precompute.serving.store.CacheStores;
import com.avalo.precompute.serving.store.StoreSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Load-test support, not a test: direct reads of the emulator, one at a time, of keys never read
 * before against 20 keys read over and over, alternating, to see whether the emulator answers a
 * first read more slowly (the cached phase of the load bench reads the store only for first reads;
 * serving/loadtest/results/README.md). Run after {@link LoadTestCopy} filled the emulator:
 *
 * <pre>
 * java -cp ... ColdAndHotReads --project avalo-bench --emulator-host 127.0.0.1:8792 \
 *     --key-file /tmp/keys.txt --reads 3000
 * </pre>
 *
 * Prints two rounds (the first includes the JIT warming up) of mean, p50, p95 and p99 per kind.
 */
public final class ColdAndHotReads {
  private static final String TOOL = "ColdAndHotReads";
  private static final int HOT_KEYS = 20;

  private ColdAndHotReads() {}

  public static void main(String[] args) throws Exception {
    java.util.Map<String, String> flags = LoadTestFlags.parse(TOOL, args);
    List<String> keys = Files.readAllLines(Path.of(LoadTestFlags.required(TOOL, flags, "key-file")));
    int reads = Integer.parseInt(flags.getOrDefault("reads", "3000"));
    if (keys.size() < HOT_KEYS + 4 * reads) {
      throw new IllegalArgumentException("--key-file has " + keys.size() + " keys; two rounds of "
          + reads + " first reads need " + (HOT_KEYS + 4 * reads));
    }
    StoreSpec spec = StoreSpec.firestore(LoadTestFlags.required(TOOL, flags, "project"),
        LoadTestFlags.required(TOOL, flags, "emulator-host"));
    try (CacheStore store = CacheStores.open(spec)) {
      for (int i = 0; i < HOT_KEYS; i++) {
        store.get(keys.get(i));
      }
      for (int round = 0; round < 2; round++) {
        int firstCold = HOT_KEYS + round * 2 * reads;
        long[] cold = new long[reads];
        long[] hot = new long[reads];
        for (int i = 0; i < reads; i++) {
          long start = System.nanoTime();
          store.get(keys.get(firstCold + i));
          cold[i] = System.nanoTime() - start;
          start = System.nanoTime();
          store.get(keys.get(i % HOT_KEYS));
          hot[i] = System.nanoTime() - start;
        }
        System.out.println("round " + (round + 1) + ": first reads " + summary(cold)
            + " | hot keys " + summary(hot));
      }
    }
  }


  private static String summary(long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    return String.format("mean %.2f ms, p50 %.2f, p95 %.2f, p99 %.2f",
        Arrays.stream(sorted).average().orElse(0) / 1e6, sorted[sorted.length / 2] / 1e6,
        sorted[(int) (sorted.length * 0.95)] / 1e6, sorted[(int) (sorted.length * 0.99)] / 1e6);
  }
}
