package com.avalo.precompute.serving.http;

import com.avalo.precompute.schemas.CacheDocument;
import com.avalo.precompute.schemas.CacheKey;
import com.avalo.precompute.schemas.Json;
import com.avalo.precompute.serving.CacheRead;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * Writes a {@link CacheRead} as an HTTP answer with its freshness headers:
 *
 * <ul>
 *   <li>{@code ETag}: the document's {@code contentHash}, quoted. Strong on typed routes, whose
 *       body is the payload in canonical JSON (equal hash, equal bytes); weak ({@code W/}) on the
 *       envelope, whose bytes also carry run metadata that may change with equal content.
 *   <li>{@code Cache-Control}: {@code private, max-age=N} with N the whole seconds left until
 *       {@code expiresAt}, floored at 0; {@code private, no-cache} when the document is stale
 *       (served past {@code expiresAt}). Always {@code private}: every answer depends on who asked.
 *   <li>{@code X-Cache-Layer} ({@code memory}, {@code store}, {@code origin}, {@code none}) and
 *       {@code X-Cache-Stale} ({@code true}/{@code false}): which tier answered and whether the
 *       document was past its expiry; {@code X-Cache-As-Of}: the snapshot time it was computed as of;
 *       {@code X-Cache-Store-Failed: true} when memory answered with the last value it kept because
 *       the store failed or is down (stale-if-error).
 * </ul>
 *
 * A matching {@code If-None-Match} gets {@code 304} with the same headers and no body.
 */
final class DocumentResponses {
  static final String JSON = "application/json";
  static final String LAYER_HEADER = "X-Cache-Layer";
  static final String STALE_HEADER = "X-Cache-Stale";
  /** Set to {@code true} on answers from the last value kept because the store failed. */
  static final String STORE_FAILED_HEADER = "X-Cache-Store-Failed";
  static final String AS_OF_HEADER = "X-Cache-As-Of";

  private final Clock clock;

  DocumentResponses(Clock clock) {
    this.clock = clock;
  }

  /** Answers with the payload alone (typed routes). */
  void writePayload(Context ctx, CacheKey key, CacheRead read) {
    write(ctx, key, read, false);
  }

  /** Answers with the whole envelope (raw key route). */
  void writeEnvelope(Context ctx, CacheKey key, CacheRead read) {
    write(ctx, key, read, true);
  }

  private void write(Context ctx, CacheKey key, CacheRead read, boolean envelope) {
    ctx.header(LAYER_HEADER, layerName(read.layer()));
    if (read.storeFailed()) {
      ctx.header(STORE_FAILED_HEADER, "true");
    }
    CacheDocument document = read.document();
    if (document == null) {
      ctx.header(STALE_HEADER, "false");
      ErrorBodies.write(ctx, new ApiException(404, "not_found", "no document for key '"
          + key.value() + "'; it may not be computed yet or may have expired"));
      return;
    }
    Instant now = clock.instant();
    boolean stale = isStale(read, now);
    String etag = (envelope ? "W/\"" : "\"") + document.contentHash() + "\"";
    ctx.header("ETag", etag);
    ctx.header("Cache-Control", cacheControl(document, stale, now));
    ctx.header(STALE_HEADER, Boolean.toString(stale));
    ctx.header(AS_OF_HEADER, document.asOf().toString());
    if (ifNoneMatchMatches(ctx.header("If-None-Match"), document.contentHash())) {
      // A cache updates its stored headers from a 304 (RFC 9111 4.3.4): the 200's type, not
      // Jetty's text/plain default.
      ctx.status(304).contentType(JSON);
      // Jetty gives an answer that ends without having been sent a Content-Length of the bytes
      // written, 0 here, and a 304 may only repeat the 200's (RFC 9110 8.6). Sent now, before
      // Javalin ends it, it goes out without one.
      try {
        ctx.res().flushBuffer();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot send the 304 for '" + key.value() + "'", e);
      }
      return;
    }
    byte[] body = envelope
        ? document.toJson().getBytes(StandardCharsets.UTF_8)
        : Json.canonicalBytes(document.payload());
    ctx.status(200).contentType(JSON).result(body);
  }

  /** The batch entry for one key: its status, layer, freshness and envelope. */
  ObjectNode batchEntry(String key, CacheRead read) {
    ObjectNode entry = Json.MAPPER.createObjectNode().put("key", key);
    CacheDocument document = read.document();
    entry.put("status", document == null ? 404 : 200).put("layer", layerName(read.layer()));
    if (document == null) {
      return entry.put("stale", false);
    }
    Instant now = clock.instant();
    boolean stale = isStale(read, now);
    entry.put("stale", stale)
        .put("etag", "W/\"" + document.contentHash() + "\"")
        .put("cacheControl", cacheControl(document, stale, now));
    entry.set("document", Json.MAPPER.valueToTree(document));
    return entry;
  }

  /**
   * The {@code Cache-Control} of a document read at {@code now}: {@code private, no-cache} when
   * stale, or a page of a list, else {@code private, max-age=} the whole seconds until
   * {@code expiresAt}, at least 0. A page must be asked again each time (its ETag answers 304 when
   * unchanged): a client that kept page 0 for hours would resend its old version after a
   * {@code 409 list_changed} and be refused again until its copy expired.
   */
  static String cacheControl(CacheDocument document, boolean stale, Instant now) {
    // The key is one the store answered for, checked against the document when it was read.
    if (stale || CacheKey.parse(document.key()).type().isPaged()) {
      return "private, no-cache";
    }
    // Duration.getSeconds floors, so 2.9 s left is max-age=2 and a client never outlives expiry.
    long seconds = Math.max(0, Duration.between(now, document.expiresAt()).getSeconds());
    return "private, max-age=" + seconds;
  }

  /**
   * Whether an {@code If-None-Match} header names the content hash, by the weak comparison RFC
   * 9110 prescribes for it ({@code W/"x"} matches {@code "x"}); {@code *} matches any document.
   */
  static boolean ifNoneMatchMatches(String header, String contentHash) {
    if (header == null) {
      return false;
    }
    for (String candidate : header.split(",")) {
      String tag = candidate.trim();
      if (tag.equals("*")) {
        return true;
      }
      if (tag.startsWith("W/")) {
        tag = tag.substring(2);
      }
      if (tag.length() == contentHash.length() + 2 && tag.startsWith("\"") && tag.endsWith("\"")
          && tag.regionMatches(1, contentHash, 0, contentHash.length())) {
        return true;
      }
    }
    return false;
  }

  private static boolean isStale(CacheRead read, Instant now) {
    return read.stale() || !read.document().isFreshAt(now);
  }

  static String layerName(CacheRead.Layer layer) {
    return layer.name().toLowerCase(Locale.ROOT);
  }
}
