package com.avalo.precompute.seed;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * Generates a deterministic synthetic Avalo world as one NDJSON file per source collection
 * ({@code users.ndjson}, ..., {@code events.ndjson}, see {@link SeedCollection}) plus a
 * {@code manifest.json}, following {@code shared/data-model.md}.
 *
 * <p>Conventions: ids are 20 characters of [A-Za-z0-9]; timestamps are RFC 3339 UTC with
 * second precision ({@code 2026-11-20T13:05:07Z}), all strictly before the anchor; money is in
 * minor units; {@code location} is {@code {"lat","lng"}} with six decimals.
 *
 * <p>Memory stays bounded: records are streamed to buffered writers, and what later phases
 * need about users is kept in primitive arrays (~50 bytes a user) plus the match adjacency
 * (~16 bytes a match), so a million users fit in a heap of about 2 GB. The run is
 * single-threaded and every random decision comes from a keyed stream, so the same
 * {@link SeedConfig} always yields the same bytes.
 */
public final class SeedGenerator {
  /** Name of the manifest written beside the collections. */
  public static final String MANIFEST = SeedDirectory.MANIFEST;

  /**
   * Writes the world into {@code outDir} (created if missing; existing seed files are
   * overwritten). The manifest is written last, and only when every file is whole
   * ({@link SeedDirectory}).
   */
  public SeedSummary generate(SeedConfig config, Path outDir, SeedProgress progress)
      throws IOException {
    long started = System.nanoTime();
    SeedDirectory.startWriting(outDir);
    Map<SeedCollection, NdjsonWriter> writers = new EnumMap<>(SeedCollection.class);
    Map<SeedCollection, Long> counts = new EnumMap<>(SeedCollection.class);
    try {
      for (SeedCollection collection : SeedCollection.values()) {
        writers.put(collection, new NdjsonWriter(outDir.resolve(collection.fileName())));
      }
      writeWorld(config, writers, progress);
    } finally {
      IOException failure = null;
      for (Map.Entry<SeedCollection, NdjsonWriter> entry : writers.entrySet()) {
        counts.put(entry.getKey(), entry.getValue().count());
        try {
          entry.getValue().close();
        } catch (IOException e) {
          failure = failure == null ? e : failure;
        }
      }
      if (failure != null) {
        throw failure;
      }
    }
    SeedDirectory.finishWriting(outDir, manifest(config, counts));
    return new SeedSummary(counts, Duration.ofNanos(System.nanoTime() - started));
  }

  private static void writeWorld(SeedConfig config, Map<SeedCollection, NdjsonWriter> out,
      SeedProgress progress) throws IOException {
    Population users = new Population(config.users(), new Ids(config.seed(), "users"));
    ActivityModel activity =
        new ActivityModel(config.seed(), config.anchor().getEpochSecond(), users);
    new UsersPhase(config, users, activity).run(out.get(SeedCollection.USERS), progress);
    MatchGraph matches = MatchGraph.select(config, users, progress);
    new LikesPhase(config, users, matches).run(out.get(SeedCollection.LIKES), progress);
    new ChatsPhase(config, users, matches).run(new ChatsPhase.Outputs(
        out.get(SeedCollection.MATCHES), out.get(SeedCollection.CHATS),
        out.get(SeedCollection.MESSAGES), out.get(SeedCollection.BLOCKS)), progress);
    new PostsPhase(config, users).run(out.get(SeedCollection.POSTS), progress);
    new TokensPhase(config, users).run(
        out.get(SeedCollection.PURCHASES), out.get(SeedCollection.SPENDS), progress);
    new EventsPhase(config, users, activity).run(out.get(SeedCollection.EVENTS), progress);
  }

  /** Only deterministic facts go in: no wall-clock time, so the manifest is reproducible too. */
  private static byte[] manifest(SeedConfig config, Map<SeedCollection, Long> counts)
      throws IOException {
    DefaultIndenter newlines = new DefaultIndenter("  ", "\n");
    ByteArrayOutputStream stream = new ByteArrayOutputStream();
    try (JsonGenerator json = new JsonFactory().createGenerator(stream, JsonEncoding.UTF8)) {
      json.setPrettyPrinter(new DefaultPrettyPrinter()
          .withObjectIndenter(newlines).withArrayIndenter(newlines));
      json.writeStartObject();
      json.writeStringField("format", "avalo-seed/1");
      json.writeStringField("anchor", Timestamps.format(config.anchor().getEpochSecond()));
      json.writeObjectFieldStart("config");
      json.writeNumberField("users", config.users());
      json.writeNumberField("seed", config.seed());
      json.writeStringField("anchor", Timestamps.format(config.anchor().getEpochSecond()));
      json.writeNumberField("signupSpanDays", config.signupSpanDays());
      json.writeNumberField("activityWindowDays", config.activityWindowDays());
      json.writeNumberField("swipesPerUser", config.swipesPerUser());
      json.writeNumberField("matchesPerUser", config.matchesPerUser());
      json.writeNumberField("maxMatchesPerUser", config.maxMatchesPerUser());
      json.writeNumberField("celebrityReach", config.celebrityReach());
      json.writeNumberField("popularitySkew", config.popularitySkew());
      json.writeNumberField("messagesPerChat", config.messagesPerChat());
      json.writeNumberField("payerShare", config.payerShare());
      json.writeNumberField("refundRate", config.refundRate());
      json.writeNumberField("apiCallsPerSession", config.apiCallsPerSession());
      json.writeEndObject();
      json.writeObjectFieldStart("counts");
      for (SeedCollection collection : SeedCollection.values()) {
        json.writeNumberField(collection.collectionName(), counts.getOrDefault(collection, 0L));
      }
      json.writeEndObject();
      json.writeObjectFieldStart("conventions");
      json.writeStringField("timestamps", "RFC 3339, UTC, second precision, before anchor");
      json.writeStringField("ids", "20 characters [A-Za-z0-9]");
      json.writeStringField("money", "integer minor units");
      json.writeStringField("messages", "messages.ndjson lines carry chatId; "
          + "in Firestore they live at chats/{chatId}/messages/{id}");
      json.writeEndObject();
      json.writeEndObject();
      json.writeRaw('\n');
    }
    return stream.toByteArray();
  }
}
