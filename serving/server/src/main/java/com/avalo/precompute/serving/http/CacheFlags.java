package com.avalo.precompute.serving.http;

import com.avalo.precompute.schemas.DocumentType;
import com.avalo.precompute.serving.CacheClientBuilder;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** The flags of {@code serve} that size and bound the memory tier and its reads of the store. */
final class CacheFlags {
  @Option(names = "--loader-threads", paramLabel = "N",
      description = "Threads of CacheClient's loader pool, which parse what a blocking store"
          + " (SQLite) returns; Firestore answers are parsed where they arrive. Default: 8")
  Integer loaderThreads;

  @Option(names = "--memory-mb", paramLabel = "MIB",
      description = "MiB of document JSON the memory tier holds at most (the heap holds about"
          + " 2.8x that as parsed documents, up to twice that with the stale-if-error tier;"
          + " serving/README-http.md). Default: 128")
  Integer memoryMb;

  @Option(names = "--memory-ttl", paramLabel = "TYPE=DURATION",
      description = "How long documents of a type stay in memory at most (ISO-8601, e.g."
          + " feed_page=PT5M); repeat for several types. Default: each type's own (DocumentType)")
  Map<String, String> memoryTtls = new LinkedHashMap<>();

  @Option(names = "--load-timeout-ms", paramLabel = "MS",
      description = "How long a read of the store may take before it fails and counts against"
          + " the circuit. Default: 3000")
  Integer loadTimeoutMs;

  @Option(names = "--max-waiting-reads", paramLabel = "N",
      description = "Misses that may wait on the store at once; past that they are shed (stale"
          + " if possible, else 503) so a slow store leaves threads to memory hits."
          + " Default: 3/4 of http.max-threads")
  Integer maxWaitingReads;

  /** Applies the flags given to {@code builder}; {@code requestThreads} sizes the default bulkhead. */
  CacheClientBuilder apply(CacheClientBuilder builder, int requestThreads) {
    builder.loaderThreads(positive(loaderThreads, 8, "--loader-threads"));
    if (memoryMb != null) {
      builder.maximumWeightBytes((long) positive(memoryMb, 128, "--memory-mb") << 20);
    }
    memoryTtls.forEach((type, ttl) -> builder.memoryTtl(type(type), duration(type, ttl)));
    if (loadTimeoutMs != null) {
      builder.loadTimeout(Duration.ofMillis(positive(loadTimeoutMs, 0, "--load-timeout-ms")));
    }
    return builder.maxWaitingReads(positive(maxWaitingReads,
        Math.max(1, requestThreads * 3 / 4), "--max-waiting-reads"));
  }

  int loaderThreads() {
    return positive(loaderThreads, 8, "--loader-threads");
  }

  private static DocumentType type(String name) {
    try {
      return DocumentType.fromTypeName(name);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--memory-ttl: " + e.getMessage(), e);
    }
  }

  private static Duration duration(String type, String text) {
    try {
      Duration ttl = Duration.parse(text);
      if (ttl.isNegative()) {
        throw new IllegalArgumentException("negative");
      }
      return ttl;
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("--memory-ttl " + type + "=" + text + ": not an ISO-8601"
          + " duration of zero or more, such as PT30S or PT5M", e);
    }
  }

  private static int positive(Integer value, int fallback, String flag) {
    if (value == null) {
      return fallback;
    }
    if (value < 1) {
      throw new IllegalArgumentException(flag + " must be at least 1, was " + value);
    }
    return value;
  }
}
