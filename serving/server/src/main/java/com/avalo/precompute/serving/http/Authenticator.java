package com.avalo.precompute.serving.http;

import java.time.Clock;
import java.util.Map;

/**
 * Turns an {@code Authorization: Bearer ...} header into a {@link Caller}: a configured service
 * token first (a cheap hash comparison), else a user JWT when JWT verification is configured.
 * Failures are 401 with a {@code WWW-Authenticate} challenge as RFC 6750 describes.
 */
final class Authenticator {
  static final String REALM = "avalo-precompute";

  private final ServiceTokens serviceTokens;
  private final ServiceTokens metricsTokens;
  private final UserTokenVerifier users;
  private final boolean metricsOpen;

  Authenticator(ServingHttpConfig config, Clock clock) {
    this.serviceTokens = new ServiceTokens(config.serviceTokenHashes());
    this.metricsTokens = new ServiceTokens(config.metricsTokenHashes());
    this.users = config.jwt() == null ? null : new UserTokenVerifier(config.jwt(), clock);
    this.metricsOpen = config.metricsOpen();
  }

  /** The caller of a {@code /v1} request. */
  Caller authenticate(String authorization) {
    String token = bearerToken(authorization);
    if (serviceTokens.matches(token)) {
      return Caller.SERVICE;
    }
    if (looksLikeJwt(token)) {
      if (users == null) {
        throw invalidToken("user tokens are not accepted by this service; use a service token");
      }
      return Caller.user(users.verify(token));
    }
    throw invalidToken("the bearer token is not an accepted service token");
  }

  /** Lets a {@code /metrics} request through, or says why not. */
  void authorizeMetrics(String authorization) {
    if (metricsOpen) {
      return;
    }
    String token = bearerToken(authorization, "metrics token or service token");
    if (metricsTokens.matches(token)) {
      return;
    }
    if (!authenticate(authorization).isService()) {
      throw ApiException.forbidden("/metrics needs a service or metrics token, not a user token");
    }
  }

  /** Closes the user token verifier's JWKS source, and with it nimbus's refresh thread. */
  void close() {
    if (users != null) {
      users.close();
    }
  }

  /** See {@link UserTokenVerifier#jwksRefreshExecutor}; null without user tokens. For tests. */
  java.util.concurrent.ExecutorService jwksRefreshExecutor() {
    return users == null ? null : users.jwksRefreshExecutor();
  }

  private static String bearerToken(String authorization) {
    return bearerToken(authorization, "service token or user ID token");
  }

  /** The bearer token; {@code accepted} names, for a caller who sent none, what would do. */
  private static String bearerToken(String authorization, String accepted) {
    if (authorization == null || authorization.isBlank()) {
      throw new ApiException(401, "unauthenticated", "send Authorization: Bearer <" + accepted + ">",
          Map.of("WWW-Authenticate", "Bearer realm=\"" + REALM + "\""));
    }
    boolean bearer = authorization.regionMatches(true, 0, "Bearer", 0, 6)
        && (authorization.length() == 6 || authorization.charAt(6) == ' ');
    if (!bearer) {
      throw invalidRequest("only the Bearer scheme is accepted: Authorization: Bearer <token>");
    }
    String token = authorization.substring(Math.min(7, authorization.length())).trim();
    if (token.isEmpty()) {
      // "Bearer " arrives as "Bearer" (Jetty trims a header's trailing spaces): the scheme is
      // right, so naming the scheme as the problem sent callers looking in the wrong place.
      throw invalidRequest("the bearer token is empty: send Authorization: Bearer <token>");
    }
    return token;
  }

  private static ApiException invalidRequest(String message) {
    return new ApiException(401, "unauthenticated", message,
        Map.of("WWW-Authenticate", "Bearer realm=\"" + REALM + "\", error=\"invalid_request\""));
  }

  private static boolean looksLikeJwt(String token) {
    int first = token.indexOf('.');
    return first > 0 && token.indexOf('.', first + 1) > first;
  }

  static ApiException invalidToken(String message) {
    String description = message.replace('"', '\'').replace('\\', '/');
    return new ApiException(401, "invalid_token", message, Map.of("WWW-Authenticate",
        "Bearer realm=\"" + REALM + "\", error=\"invalid_token\", error_description=\""
            + description + "\""));
  }
}
