package com.avalo.precompute.serving.http;

import com.avalo.precompute.schemas.Json;
import io.javalin.http.Context;

/** The one shape of every error answer: {@code {"error": code, "message": text}}, not cached. */
final class ErrorBodies {
  /** Set on a request once its answer is written, so the 404 fallback leaves it alone. */
  static final String ANSWERED = "avalo.answered";

  private ErrorBodies() {}

  static void write(Context ctx, ApiException error) {
    error.headers().forEach(ctx::header);
    write(ctx, error.status(), error.code(), error.getMessage());
  }

  static void write(Context ctx, int status, String code, String message) {
    ctx.attribute(ANSWERED, Boolean.TRUE);
    ctx.header("Cache-Control", "no-store");
    ctx.status(status).contentType(DocumentResponses.JSON)
        .result(Json.MAPPER.createObjectNode().put("error", code).put("message", message)
            .toString());
  }
}
