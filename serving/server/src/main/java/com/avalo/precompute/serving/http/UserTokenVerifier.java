package com.avalo.precompute.serving.http;

import com.avalo.precompute.serving.http.ServingHttpConfig.JwtSettings;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSetBasedJWKSource;
import com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.jwk.source.RefreshAheadCachingJWKSetSource;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies app-user JWTs (Firebase ID tokens or any RS256 issuer) with nimbus-jose-jwt: the
 * signature against the configured JWKS with RS256 as the only algorithm (so {@code none} and
 * HMAC tokens are refused), then the claims: exact issuer, audience, {@code sub}, {@code exp} and
 * {@code nbf} within the clock skew, and {@code iat} / {@code auth_time} not in the future.
 */
final class UserTokenVerifier implements Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(UserTokenVerifier.class);

  private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
  private final JWKSource<SecurityContext> keys;
  private final String jwksLocation;
  private final ThrottledLog keysUnavailable =
      new ThrottledLog(LOG, "cannot load the JWKS", Duration.ofSeconds(10));

  UserTokenVerifier(JwtSettings settings, Clock clock) {
    this.jwksLocation = settings.jwks();
    this.keys = keySource(settings.jwks());
    processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, keys));
    processor.setJWTClaimsSetVerifier(new ClaimsVerifier(settings, clock));
  }

  /**
   * The uid ({@code sub}) of a valid token.
   *
   * @throws ApiException 401 naming what is wrong with the token, or 503 when the JWKS cannot be
   *     fetched
   */
  String verify(String token) {
    try {
      return processor.process(token, null).getSubject();
    } catch (ParseException e) {
      throw Authenticator.invalidToken("the bearer token is not a JWT: " + e.getMessage());
    } catch (KeySourceException e) {
      // The library's words can name internal hosts; they are the operator's, in the log.
      keysUnavailable.warn("from " + jwksLocation, e.toString());
      throw new ApiException(503, "jwks_unavailable",
          "cannot load the signing keys to verify the user token; retry later");
    } catch (BadJOSEException | JOSEException e) {
      throw Authenticator.invalidToken("the user token was refused: " + e.getMessage());
    }
  }

  /**
   * Closes the JWKS source. Nimbus refreshes a URL JWKS ahead of its expiry on an executor of its
   * own whose thread is not a daemon and starts about 4.5 minutes into user-token traffic;
   * unclosed, it outlived the server and kept an embedder's JVM from exiting.
   */
  @Override
  public void close() {
    if (keys instanceof Closeable closeable) {
      try {
        closeable.close();
      } catch (IOException e) {
        LOG.warn("cannot close the JWKS source of {}: {}", jwksLocation, e.toString());
      }
    }
  }

  /**
   * The executor on which nimbus refreshes a URL JWKS ahead of its expiry, null for a JWKS file;
   * for tests.
   */
  ExecutorService jwksRefreshExecutor() {
    return keys instanceof UrlJwks url
        && url.keys.getJWKSetSource() instanceof RefreshAheadCachingJWKSetSource<?> refreshing
        ? refreshing.getExecutorService() : null;
  }

  private static JWKSource<SecurityContext> keySource(String jwks) {
    if (jwks.startsWith("http://") && !isLoopback(jwks)) {
      // Whoever can change a plain-HTTP answer on the way could hand over their own signing key.
      throw new IllegalArgumentException("auth.jwt.jwks must be a file or an https:// URL (plain"
          + " http:// only on this machine, for tests), was " + jwks);
    }
    if (jwks.startsWith("https://") || jwks.startsWith("http://")) {
      try {
        // Cached, refreshed ahead of expiry, rate limited on unknown kids, retried once.
        // Without a failover source the builder builds a JWKSetBasedJWKSource.
        return new UrlJwks((JWKSetBasedJWKSource<SecurityContext>)
            JWKSourceBuilder.<SecurityContext>create(URI.create(jwks).toURL())
                .retrying(true).build());
      } catch (MalformedURLException | IllegalArgumentException e) {
        throw new IllegalArgumentException("auth.jwt.jwks is not a valid URL: " + jwks, e);
      }
    }
    Path file = Path.of(jwks.startsWith("file:") ? jwks.substring("file:".length()) : jwks);
    try {
      JWKSet keys = JWKSet.load(file.toFile()).toPublicJWKSet();
      if (keys.getKeys().stream().noneMatch(key -> key instanceof RSAKey)) {
        // Tokens are RS256: without an RSA public key every one of them would be refused.
        throw new IllegalArgumentException("the JWKS file " + file.toAbsolutePath()
            + " (auth.jwt.jwks) holds no RSA public key, so no RS256 user token could be verified");
      }
      return new ImmutableJWKSet<>(keys);
    } catch (IOException | ParseException e) {
      throw new IllegalArgumentException("cannot read the JWKS file " + file.toAbsolutePath()
          + " (auth.jwt.jwks): " + e.getMessage(), e);
    }
  }

  /**
   * A JWKS fetched from a URL that tells a key it does not have from keys it cannot load. For a
   * kid missing from the set it holds, nimbus fetches the set again, at most twice per 30 s; past
   * that it throws RateLimitReachedException, a KeySourceException as a failed fetch is, so from
   * the third such token on (another Firebase project's, a forged kid) the answer was 503
   * jwks_unavailable, "retry later", and a WARN of a JWKS outage that was not there. When the set
   * held is still fresh, such a token has no key in it: refused as the first one was (401).
   */
  private static final class UrlJwks implements JWKSource<SecurityContext>, Closeable {
    private final JWKSetBasedJWKSource<SecurityContext> keys;

    UrlJwks(JWKSetBasedJWKSource<SecurityContext> keys) {
      this.keys = keys;
    }

    @Override
    public List<JWK> get(JWKSelector selector, SecurityContext context) throws KeySourceException {
      try {
        return keys.get(selector, context);
      } catch (RateLimitReachedException e) {
        // Without a fresh set held this is a fetch refused too, and throws the same again: the
        // keys are unavailable indeed (503), as while the JWKS cannot be reached.
        JWKSet held = keys.getJWKSetSource().getJWKSet(JWKSetCacheRefreshEvaluator.noRefresh(),
            System.currentTimeMillis(), context);
        return selector.select(held);
      }
    }

    @Override
    public void close() throws IOException {
      keys.close();
    }
  }

  private static boolean isLoopback(String url) {
    try {
      String host = URI.create(url).getHost();
      // Names other than localhost are not looked up: what they resolve to may change.
      boolean literal = host != null && (host.matches("[0-9.]+") || host.startsWith("["));
      return host != null && (host.equals("localhost")
          || literal && InetAddress.getByName(host).isLoopbackAddress());
    } catch (IllegalArgumentException | UnknownHostException e) {
      return false;
    }
  }

  /** Nimbus' standard checks plus the two Firebase asks for: iat and auth_time in the past. */
  private static final class ClaimsVerifier extends DefaultJWTClaimsVerifier<SecurityContext> {
    private final Clock clock;
    private final long skewSeconds;

    ClaimsVerifier(JwtSettings settings, Clock clock) {
      // Nimbus asks these sets whether they contain null, which Set.of() answers by throwing.
      super(new HashSet<>(List.of(settings.audience())),
          new JWTClaimsSet.Builder().issuer(settings.issuer()).build(),
          new HashSet<>(List.of("sub", "exp", "iat")), new HashSet<>());
      this.clock = clock;
      this.skewSeconds = settings.clockSkew().toSeconds();
      setMaxClockSkew((int) skewSeconds);
    }

    @Override
    protected Date currentTime() {
      return Date.from(clock.instant());
    }

    @Override
    public void verify(JWTClaimsSet claims, SecurityContext context) throws BadJWTException {
      // Nimbus counts a required claim as present when its name is, and skips its checks when
      // its value is null or of another type: "exp": null would never expire.
      if (claims.getSubject() == null) {
        throw new BadJWTException("JWT has no subject (sub)");
      }
      if (claims.getExpirationTime() == null) {
        throw new BadJWTException("JWT expiry (exp) is not a timestamp");
      }
      if (claims.getIssueTime() == null) {
        throw new BadJWTException("JWT issue time (iat) is not a timestamp");
      }
      super.verify(claims, context);
      Instant latest = clock.instant().plusSeconds(skewSeconds);
      if (claims.getIssueTime().toInstant().isAfter(latest)) {
        throw new BadJWTException("JWT issued in the future (iat)");
      }
      Date authTime;
      try {
        authTime = claims.getDateClaim("auth_time");
      } catch (ParseException e) {
        throw new BadJWTException("auth_time is not a timestamp");
      }
      if (authTime != null && authTime.toInstant().isAfter(latest)) {
        throw new BadJWTException("JWT authenticated in the future (auth_time)");
      }
      if (claims.getSubject().isBlank()) {
        throw new BadJWTException("JWT has an empty subject (sub)");
      }
    }
  }
}
