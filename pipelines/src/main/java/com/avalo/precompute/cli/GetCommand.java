package com.avalo.precompute.cli;

import com.avalo.precompute.schemas.CacheKey;
import com.avalo.precompute.schemas.Json;
import com.avalo.precompute.serving.CacheClient;
import com.avalo.precompute.serving.CacheRead;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code precompute get KEY}: prints one cache document as JSON, read through a
 * {@link CacheClient} with the service's defaults, so it answers what {@code precompute serve}
 * would: a document expired for longer than the client's maximum staleness reads as missing.
 */
@Command(name = "get", mixinStandardHelpOptions = true,
    description = {"Prints the cache document stored under KEY as JSON.",
        "It reads through serving's CacheClient, as 'precompute serve' does, so it answers what the",
        "service would.",
        "Exits 1 when there is no document, 2 when the key is invalid."})
final class GetCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "KEY", description = "A cache key, e.g. user:<uid>:stats")
  String key;

  @Mixin StoreOptions store;

  @Option(names = "--payload", description = "Print only the payload")
  boolean payloadOnly;

  @Override
  public Integer call() {
    CacheKey.parse(key);
    // One read: one loader thread, and the default local invalidation bus (no listener).
    try (CacheClient reads = CacheClient.builder(store.openForReading()).loaderThreads(1)
        // The service's 3 s bounds a live read; one read from a cold JVM (a first gRPC channel, a
        // busy machine) may take longer, and failing it says the store is down when it is not.
        .loadTimeout(Duration.ofSeconds(30)).build()) {
      CacheRead read = reads.get(key);
      if (read.document() == null) {
        System.err.println("error: no document under '" + key + "' in " + store.spec()
            + " that serving would answer (none stored, or expired past the stale window;"
            + " has the job that writes it run? see 'precompute jobs')");
        return 1;
      }
      if (read.stale()) {
        System.err.println("note: this document expired at " + read.document().expiresAt());
      }
      System.out.println(Json.writePretty(payloadOnly ? read.document().payload() : read.document()));
      return 0;
    }
  }
}
