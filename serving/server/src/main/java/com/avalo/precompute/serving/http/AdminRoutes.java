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
    JsonNode value;
    try {
      value = Json.MAPPER.readTree(ctx.body()).path(FIELD);
    } catch (JsonProcessingException e) {
      throw ApiException.badRequest("the body must be JSON {\"" + FIELD + "\": true|false}");
    }
    if (!value.isBoolean()) {
      throw ApiException.badRequest("the body must be JSON {\"" + FIELD + "\": true|false}");
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
