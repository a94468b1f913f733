package com.avalo.precompute.serving.http;

import com.avalo.precompute.schemas.Json;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.IntConsumer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The answers Jetty gives itself, before any route sees the request (a path with a malformed
 * percent-escape, a request target or header past its buffers), in the service's one error shape
 * ({@link ErrorBodies}) instead of Jetty's HTML page, each one counted: the request logger never
 * sees them.
 */
final class JettyErrorBodies extends ErrorHandler {
  private final IntConsumer refusals;

  /** @param refusals told the status of each answer given here */
  JettyErrorBodies(IntConsumer refusals) {
    this.refusals = refusals;
  }

  @Override
  protected void generateResponse(Request request, Response response, int status, String message,
      Throwable cause, Callback callback) {
    refusals.accept(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, DocumentResponses.JSON);
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    response.write(true, ByteBuffer.wrap(body(status, message)), callback);
  }

  /**
   * Every method gets the body and is counted: Jetty's default gives one only to GET, POST and
   * HEAD, and answered a DELETE with an oversized header with an empty 431 no one counted.
   */
  @Override
  public boolean errorPageForMethod(String method) {
    return true;
  }

  static byte[] body(int status, String message) {
    String code = switch (status) {
      case 413, 414, 431 -> "request_too_large";
      default -> status >= 500 ? "internal" : "bad_request";
    };
    String text = message == null || message.isBlank() ? HttpStatus.getMessage(status) : message;
    if (status == 400 && text.equals(HttpStatus.getMessage(400))) {
      // Jetty keeps neither the target nor its reason by now; this is what it refuses in practice.
      text = "the request could not be parsed: most often a path with a '%' that starts no"
          + " escape (% and two hex digits; a '%' in a key is written %25)";
    }
    return Json.MAPPER.createObjectNode().put("error", code).put("message", text).toString()
        .getBytes(StandardCharsets.UTF_8);
  }
}
