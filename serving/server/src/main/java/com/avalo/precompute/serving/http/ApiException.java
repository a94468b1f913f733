package com.avalo.precompute.serving.http;

import java.util.Map;

/**
 * A request that ends in a 4xx or 5xx answer, rendered as {@code {"error": code, "message": ...}}
 * with any extra response headers (such as {@code WWW-Authenticate}). Carries no stack trace: it
 * reports the caller's mistake or a known outage, not a bug.
 */
final class ApiException extends RuntimeException {
  private final int status;
  private final String code;
  private final Map<String, String> headers;

  ApiException(int status, String code, String message, Map<String, String> headers) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.headers = Map.copyOf(headers);
  }

  ApiException(int status, String code, String message) {
    this(status, code, message, Map.of());
  }

  static ApiException badRequest(String message) {
    return new ApiException(400, "bad_request", message);
  }

  static ApiException tooLarge(String message) {
    return new ApiException(413, "request_too_large", message);
  }

  static ApiException forbidden(String message) {
    return new ApiException(403, "forbidden", message);
  }

  static ApiException storeUnavailable(String message) {
    return new ApiException(503, "store_unavailable", message, Map.of("Retry-After", "5"));
  }

  int status() {
    return status;
  }

  String code() {
    return code;
  }

  Map<String, String> headers() {
    return headers;
  }
}
