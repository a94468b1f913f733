package com.avalo.precompute.serving;

import com.avalo.precompute.schemas.CacheDocument;
import com.avalo.precompute.schemas.CacheKey;
import com.avalo.precompute.schemas.FeedPage;
import com.avalo.precompute.schemas.Json;
import com.avalo.precompute.serving.store.RenderedDocument;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.module.blackbird.BlackbirdModule;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Rendering one feed page of 20 cards (the pipelines' most written document, ~4 KB) to its stored
 * form:
 * <ul>
 *   <li>{@code renderOnce}: {@link RenderedDocument#render} as it is, the payload serialized once
 *       in canonical form, hashed, and copied into the envelope;
 *   <li>{@code renderTwice}: as it was until 2026-12-02, the payload serialized in canonical form
 *       and hashed, then again in declaration order inside the envelope;
 *   <li>{@code canonicalPayload} and {@code canonicalPayloadBlackbird}: the canonical payload alone,
 *       with the schemas' mapper and with the same configuration plus Jackson's Blackbird module
 *       (generated accessors in place of reflection).
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RenderBenchmark {
  private static final CacheKey KEY = CacheKey.parse("feed:0015gCx1jZ1WQfoKXjW7:1");
  private static final Instant AS_OF = Instant.parse("2026-11-23T00:00:00Z");
  private static final CacheDocument.Provenance RUN =
      new CacheDocument.Provenance("feeds", "bench", AS_OF, AS_OF.plusSeconds(60));
  private static final Instant EXPIRES = AS_OF.plusSeconds(6 * 3600);
  private static final ObjectMapper CANONICAL_BLACKBIRD = JsonMapper.builder()
      .addModule(new JavaTimeModule())
      .addModule(new BlackbirdModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
      .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
      .disable(MapperFeature.SORT_CREATOR_PROPERTIES_FIRST)
      .build();

  private final FeedPage page = page();

  // The envelope as the old path wrote it: the payload as an object, in declaration order.
  record Envelope(String key, String type, int schemaVersion, String job, String runId,
      Instant asOf, Instant computedAt, Instant expiresAt, String contentHash, Object payload) {}

  private static FeedPage page() {
    String[] names = {"Léa", "Zoë", "Amélie", "Noah", "Chloé", "Jürgen", "Sofía", "Anaïs"};
    String[] cities = {"Paris", "São Paulo", "Kraków", "Lyon", "Berlin"};
    List<FeedPage.Candidate> cards = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      cards.add(new FeedPage.Candidate(String.format("u%019d", i * 7919L), names[i % names.length],
          21 + i % 20, cities[i % cities.length], 3 + i, 1 + i % 6,
          List.of("hiking", "jazz", "photography").subList(0, 1 + i % 3), 0.8123456789 - i / 97.0));
    }
    return new FeedPage("0015gCx1jZ1WQfoKXjW7", 1, 8, 20, 156, cards, "v2-3f9a0c2b7d1e");
  }

  @Benchmark
  public RenderedDocument renderOnce() {
    return RenderedDocument.render(KEY, page, RUN, EXPIRES);
  }

  @Benchmark
  public byte[] renderTwice() throws Exception {
    String contentHash = "sha256:" + HexFormat.of().formatHex(
        MessageDigest.getInstance("SHA-256").digest(Json.canonicalValueBytes(page)));
    return Json.writeBytes(new Envelope(KEY.value(), KEY.type().typeName(),
        KEY.type().schemaVersion(), RUN.job(), RUN.runId(), RUN.asOf(), RUN.computedAt(), EXPIRES,
        contentHash, page));
  }

  @Benchmark
  public byte[] canonicalPayload() {
    return Json.canonicalValueBytes(page);
  }

  @Benchmark
  public byte[] canonicalPayloadBlackbird() throws Exception {
    return CANONICAL_BLACKBIRD.writeValueAsBytes(page);
  }
}
