package com.avalo.precompute.serving.http;

import com.avalo.precompute.schemas.Json;
import com.avalo.precompute.serving.FeatureFlags;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET} and {@code PUT /admin/cache-bypass}: reads and flips {@link FeatureFlags} at run
 * time, the rollback switch of the read path, for service callers only. Served only when the
 * server is given the flags ({@link ServingHttpServer.Builder#featureFlags}).
 */
final class AdminRoutes {
  static final String BYPASS_PATH = "/admin/cache-bypass";
  private static final Logger LOG = LoggerFactory.getLogger(AdminRoutes.class);
  private static final String FIELD = "bypassCache";

  private final FeatureFlags flags;

  AdminRoutes(FeatureFlags flags) {
    this.flags = flags;
  }

  void getBypass(Context ctx) {
    answer(ctx);
  }

  /** Body {@code {"bypassCache": true|false}}; answers the state now in force. */
  void putBypass(Context ctx) {
    // Read as strictly as a batch: the rollback switch must not be turned by the last of two
    // fields, or by a body with more after it.
    JsonNode body;
    try {
      body = DocumentRoutes.STRICT_JSON.readTree(ctx.body());
    } catch (JsonProcessingException e) {
      throw ApiException.badRequest("the body must be JSON {\"" + FIELD + "\": true|false}"
          + " and nothing else");
    }
    JsonNode value = body == null ? null : body.get(FIELD);
    if (value == null || !value.isBoolean() || body.size() != 1) {
      throw ApiException.badRequest("the body must be JSON {\"" + FIELD + "\": true|false}"
          + " and nothing else");
    }
    boolean was = flags.bypassCache();
    flags.setBypassCache(value.booleanValue());
    if (was != value.booleanValue()) {
      LOG.warn("cache bypass turned {} through {}", value.booleanValue() ? "ON" : "off", BYPASS_PATH);
    }
    answer(ctx);
  }

  private void answer(Context ctx) {
    ctx.header("Cache-Control", "no-store");
    ctx.contentType(DocumentResponses.JSON)
        .result(Json.MAPPER.createObjectNode().put(FIELD, flags.bypassCache()).toString());
  }
}
