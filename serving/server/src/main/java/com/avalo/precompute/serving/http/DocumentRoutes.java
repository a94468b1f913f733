package com.avalo.precompute.serving.http;

import com.avalo.precompute.schemas.CacheKey;
import com.avalo.precompute.schemas.DocumentType;
import com.avalo.precompute.schemas.Json;
import com.avalo.precompute.schemas.KeyTemplate;
import com.avalo.precompute.serving.CacheRead;
import com.avalo.precompute.serving.CachedReads;
import com.avalo.precompute.serving.PageRead;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The document routes: raw envelopes by key and in batches (services only), and one typed route
 * per document type answering with the payload (access decided per key by {@link AccessPolicy}).
 */
final class DocumentRoutes {
  private static final Logger LOG = LoggerFactory.getLogger(DocumentRoutes.class);

  /**
   * A typed route of a document type, from its registry entry: the path's placeholders fill the
   * key's, and key placeholders the path lacks (a chats page) come from query parameters.
   *
   * @param queryParameters the query parameters the route reads: the key placeholders its path
   *     lacks (a chats {@code ?page=}) and, on a page of a list, {@code ?version=}; worked out
   *     once, not on every request
   */
  record TypedRoute(String path, DocumentType type, Set<String> queryParameters) {
    TypedRoute(String path, DocumentType type) {
      this(path, type, queryParametersOf(path, type));
    }

    String key(Context ctx) {
      Map<String, String> values = new HashMap<>();
      for (KeyTemplate template : type.keyTemplates()) {
        for (String name : template.placeholders()) {
          String value = path.contains("{" + name + "}")
              ? param(ctx, path, name) : query(ctx, name);
          if (value != null) {
            values.put(name, value);
          }
        }
      }
      return type.key(values).value();
    }

    private static Set<String> queryParametersOf(String path, DocumentType type) {
      Set<String> names = new TreeSet<>();
      for (KeyTemplate template : type.keyTemplates()) {
        for (String name : template.placeholders()) {
          if (!path.contains("{" + name + "}")) {
            names.add(name);
          }
        }
      }
      if (type.isPaged()) {
        names.add(VERSION_PARAMETER);
      }
      return Collections.unmodifiableSet(names);
    }
  }

  /** The route of whole envelopes by key. */
  static final String RAW_KEY_PATH = "/v1/docs/{key}";

  /** The query parameter naming the {@code listVersion} of a page the caller holds. */
  private static final String VERSION_PARAMETER = "version";

  /** The {@code listVersion} of the list a page answer belongs to. */
  static final String LIST_VERSION_HEADER = "X-List-Version";

  static final List<TypedRoute> TYPED = Arrays.stream(DocumentType.values())
      .flatMap(type -> type.route().map(path -> new TypedRoute(path, type)).stream())
      .toList();

  private final CachedReads reads;
  private final AccessPolicy policy;
  private final DocumentResponses responses;
  private final HttpMetrics metrics;
  private final ServingHttpConfig config;

  DocumentRoutes(CachedReads reads, AccessPolicy policy, DocumentResponses responses,
      HttpMetrics metrics, ServingHttpConfig config) {
    this.reads = reads;
    this.policy = policy;
    this.responses = responses;
    this.metrics = metrics;
    this.config = config;
  }

  /** {@code GET} of a typed route: the payload of the document its parameters address. */
  void typed(Context ctx, Caller caller, TypedRoute route) {
    CacheKey key = CacheKey.parse(route.key(ctx));
    if (key.type() != route.type()) {
      throw invalidKey("'" + key.value() + "' is not a " + route.type().typeName()
          + " key; check the path parameters");
    }
    policy.checkRead(caller, key);
    if (key.type().isPaged()) {
      page(ctx, route, key);
      return;
    }
    CacheRead read = reads.get(key.value());
    metrics.recordRead(read);
    responses.writePayload(ctx, key, read);
  }

  /**
   * A page of a list, checked against {@code ?version=} (the {@code listVersion} of a page the
   * caller holds) when given: 409 rather than a page of another version of the list. Every
   * answer names the list's version in {@value #LIST_VERSION_HEADER}.
   */
  private void page(Context ctx, TypedRoute route, CacheKey key) {
    // A misspelt ?version= (?listVersion=, after the payload's field) would skip the check and
    // serve a page of whatever list is stored: refused, as is anything else this route ignores
    // (a feed's ?page=, its page being in the path). A parameter given twice is refused as a
    // field given twice in a JSON body is: only the first value was read, so
    // ?version=&version=V skipped the check.
    Set<String> accepted = route.queryParameters();
    for (Map.Entry<String, List<String>> parameter : ctx.queryParamMap().entrySet()) {
      String name = parameter.getKey();
      if (!accepted.contains(name)) {
        throw ApiException.badRequest("unknown query parameter '" + name + "'; " + route.path()
            + " takes " + String.join(" and ", accepted.stream().map(p -> "?" + p + "=").toList())
            + " (?version=: the listVersion of a page held)");
      }
      if (parameter.getValue().size() > 1) {
        throw ApiException.badRequest("query parameter '" + name + "' is given "
            + parameter.getValue().size() + " times; give it once");
      }
    }
    String version = ctx.queryParam(VERSION_PARAMETER);
    PageRead page = reads.getPage(key, version == null || version.isBlank() ? null : version);
    metrics.recordRead(page.read());
    if (page.listVersion() != null) {
      ctx.header(LIST_VERSION_HEADER, page.listVersion());
    }
    switch (page.consistency()) {
      case SAME_LIST -> responses.writePayload(ctx, key, page.read());
      case LIST_CHANGED -> throw page.listVersion() == null
          // No such page, and page 0 names no version: gone, or (a legacy list) unversioned.
          ? new ApiException(404, "not_found", "no page '" + key.value() + "' of a list of version "
              + version + ": the list is gone or no longer versioned; read page 0 again")
          : new ApiException(409, "list_changed", "the list is now version "
              + page.listVersion() + ", not " + version + "; read it again from page 0",
              Map.of(LIST_VERSION_HEADER, page.listVersion()));
      case STORE_MIXED -> throw new ApiException(409, "list_being_written", "the list's pages are"
          + " being rewritten; retry shortly", Map.of("Retry-After", "1"));
    }
  }

  /** {@code GET /v1/docs/{key}}: the whole envelope. */
  void rawKey(Context ctx, Caller caller) {
    CacheKey key = CacheKey.parse(pathParam(ctx, RAW_KEY_PATH, "key"));
    policy.checkRead(caller, key);
    CacheRead read = reads.get(key.value());
    metrics.recordRead(read);
    responses.writeEnvelope(ctx, key, read);
  }

  /**
   * {@code POST /v1/docs:batchGet} with {@code {"keys": [...]}}: one entry per distinct key, in
   * request order, each with its own status (200 or 404), layer, freshness and envelope.
   */
  void batchGet(Context ctx, Caller caller) {
    Set<String> keys = new LinkedHashSet<>();
    for (JsonNode key : requestedKeys(readBody(ctx))) {
      if (!key.isTextual()) {
        throw ApiException.badRequest("every element of \"keys\" must be a string, found " + key);
      }
      CacheKey parsed = CacheKey.parse(key.asText());
      policy.checkRead(caller, parsed);
      if (keys.add(parsed.value()) && keys.size() > config.maxBatchKeys()) {
        throw ApiException.tooLarge("a batch holds at most " + config.maxBatchKeys()
            + " distinct keys, this one has more; split it");
      }
    }
    Map<String, CacheRead> found = reads.getAll(keys);
    ObjectNode answer = Json.MAPPER.createObjectNode();
    ArrayNode results = answer.putArray("results");
    for (String key : keys) {
      CacheRead read = found.getOrDefault(key, CacheRead.missing(CacheRead.Layer.NONE));
      metrics.recordRead(read);
      results.add(responses.batchEntry(key, read));
    }
    ctx.header("Cache-Control", "no-store");
    ctx.status(200).contentType(DocumentResponses.JSON).result(answer.toString());
  }

  /** One JSON value and nothing after it; a field given twice is refused, not overwritten. */
  static final ObjectReader STRICT_JSON = Json.MAPPER.reader()
      .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private JsonNode requestedKeys(byte[] body) {
    JsonNode request;
    try {
      request = STRICT_JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw ApiException.badRequest("the body is not JSON: " + notJson(e)
          + "; send {\"keys\": [\"user:abc\", ...]}");
    } catch (IOException e) {
      // Not JSON syntax but the bytes: Jackson guesses UTF-16 or UTF-32 from zero bytes at the
      // start and throws CharConversionException when what follows is no such text.
      throw ApiException.badRequest("the body is not JSON: its first bytes look like UTF-16 or"
          + " UTF-32 (zero bytes), but what follows is not; send {\"keys\": [\"user:abc\", ...]}"
          + " in UTF-8");
    }
    JsonNode keys = request == null ? null : request.get("keys");
    if (keys == null || !keys.isArray() || keys.isEmpty()) {
      throw ApiException.badRequest("send {\"keys\": [\"user:abc\", ...]} with at least one key");
    }
    return keys;
  }

  /**
   * What is wrong with a body Jackson refused, in plain words, and where. Its own messages name
   * Java types ("bound as `com.fasterxml.jackson.databind.JsonNode`", "from
   * `StreamReadConstraints.getMaxNumberLength()`") and quote the body back ("[Source: (byte[])..."),
   * none of which is the caller's business.
   */
  private static String notJson(JsonProcessingException e) {
    String what;
    if (e instanceof JsonEOFException) {
      what = "it ends before its value is complete";
    } else if (e instanceof MismatchedInputException) {
      // The only mismatch a tree read has: FAIL_ON_TRAILING_TOKENS.
      what = "more follows its JSON object";
    } else if (e instanceof StreamConstraintsException) {
      what = "a number, string or nesting is past the parser's limits";
    } else if (String.valueOf(e.getOriginalMessage()).startsWith("Duplicate field '")) {
      // STRICT_DUPLICATE_DETECTION's message is plain: "Duplicate field 'keys'".
      what = e.getOriginalMessage();
    } else {
      what = "a syntax error";
    }
    JsonLocation at = e.getLocation();
    return at == null || at.getLineNr() < 1 ? what
        : what + " at line " + at.getLineNr() + ", column " + at.getColumnNr();
  }

  private byte[] readBody(Context ctx) {
    long declared = ctx.req().getContentLengthLong();
    int max = config.maxBodyBytes();
    if (declared > max) {
      throw ApiException.tooLarge("the body is " + declared + " bytes, more than " + max);
    }
    try (InputStream in = ctx.bodyInputStream()) {
      byte[] body = in.readNBytes(max + 1);
      if (body.length > max) {
        throw ApiException.tooLarge("the body is more than " + max + " bytes");
      }
      return body;
    } catch (IOException e) {
      // Jetty's words name its internals; the caller gets what happened, the log the rest.
      LOG.info("cannot read a request body: {}", e.toString());
      throw ApiException.badRequest("cannot read the request body (the connection failed or the"
          + " body was cut short)");
    }
  }

  /** A path parameter; ':' would let one parameter spell another key, so it is refused. */
  private static String param(Context ctx, String template, String name) {
    String value = pathParam(ctx, template, name);
    if (value.indexOf(':') >= 0) {
      throw invalidKey("path parameter {" + name + "} must not contain ':', was '" + value + "'");
    }
    return value;
  }

  /**
   * The path parameter {@code name} of a request that matched {@code template}, percent-decoded
   * once. Javalin's {@code pathParam} decodes as if twice: after the decode it turns any
   * {@code %2B} left in the value into '+', so a key holding {@code %2B} (a '+' in a count filter
   * value or a metric, as {@code CacheKey.encodeValue} writes it), asked as {@code %252B}, was read
   * as the key with a '+', which in keys stands for a space: another key, or an invalid one. So the
   * segment is taken from the raw request path at the template's position (every parameter is a
   * whole segment, and the route matched the raw path segment by segment) and decoded here. As in
   * any URL path, and as Javalin reads it, a '+' in the path stands for itself.
   */
  private static String pathParam(Context ctx, String template, String name) {
    int position = Arrays.asList(template.split("/")).indexOf("{" + name + "}");
    String path = ctx.req().getRequestURI().substring(ctx.req().getContextPath().length());
    String[] segments = path.split("/", -1);
    if (position < 0 || position >= segments.length) {
      throw new IllegalStateException("no {" + name + "} in " + template + " for " + path);
    }
    try {
      return URLDecoder.decode(segments[position].replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      // Jetty refuses a malformed escape in the path first; this is in case it lets one by.
      throw ApiException.badRequest("path parameter {" + name + "} has a malformed"
          + " percent-escape; encode '%' as %25");
    }
  }

  /**
   * A key placeholder given as a query parameter (a chats {@code ?page=}); checked here, since over
   * HTTP page 0 is spelled out, unlike in the key.
   */
  private static String query(Context ctx, String name) {
    String value = ctx.queryParam(name);
    if ("page".equals(name) && value != null && !value.matches("0|[1-9][0-9]{0,5}")) {
      throw invalidKey("?page= must be a page number from 0 to 999999, was '" + value + "'");
    }
    return value;
  }

  private static ApiException invalidKey(String message) {
    return new ApiException(400, "invalid_key", message);
  }
}
