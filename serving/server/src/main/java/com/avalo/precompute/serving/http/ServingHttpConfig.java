package com.avalo.precompute.serving.http;

import com.avalo.precompute.schemas.CacheKey;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * Immutable configuration of the HTTP service: where it listens, its request limits and who may
 * call it. Build one with {@link #builder()}, or from a Java properties file with
 * {@link #load(Path)} / {@link #fromProperties(Properties, Map)} (a CLI can put its flags into a
 * {@code Properties} under the same names). Keys, all optional except that at least one way to
 * authenticate must be configured:
 *
 * <pre>
 * http.host=127.0.0.1              # 0.0.0.0 to listen on every interface
 * http.port=8080                   # 0 picks a free port (see ServingHttpServer.port())
 * http.max-url-length=2048         # longer request targets get 414
 * http.max-body-bytes=65536        # larger batch bodies get 413
 * http.max-batch-keys=100          # more keys in one batchGet get 413
 * http.max-threads=200             # Jetty worker threads
 * http.virtual-threads=false       # virtual threads (Java 21+; Java 17 falls back to a pool)
 * auth.service-token-hashes=sha256:&lt;hex&gt;,...  # SHA-256 of each accepted service token
 * auth.service-tokens-env=AVALO_SERVICE_TOKENS  # or: a variable holding comma-separated tokens
 * auth.jwt.firebase-project=my-project  # sets issuer, audience and Google's JWKS URL
 * auth.jwt.jwks=/etc/avalo/jwks.json    # or an https:// URL; overrides the Firebase default
 * auth.jwt.issuer=...                   # overrides the Firebase default
 * auth.jwt.audience=...                 # overrides the Firebase default
 * auth.jwt.clock-skew-seconds=30
 * auth.public-cards=true           # signed-in users may read any profile, post and media card
 * metrics.open=false               # true: /metrics needs no token
 * metrics.token-hashes=sha256:&lt;hex&gt;  # extra tokens accepted on /metrics only
 * readiness.probe-key=count:users:all   # key read by /readyz unless a check is supplied
 * </pre>
 *
 * Hash a token with {@link #sha256(String)}; plain tokens are hashed as they are configured and
 * never kept.
 *
 * @param host interface to listen on
 * @param port port to listen on; 0 for any free port
 * @param maxUrlLength longest accepted request target (path and query), in characters
 * @param maxBodyBytes largest accepted request body
 * @param maxBatchKeys most keys in one {@code POST /v1/docs:batchGet}
 * @param maxThreads Jetty's worker thread cap (not used with virtual threads)
 * @param virtualThreads whether requests run on virtual threads; on Java 17 Javalin quietly
 *     uses its default platform thread pool instead
 * @param serviceTokenHashes {@code sha256:<hex>} of every accepted service token
 * @param jwt how app-user tokens are verified, or null when only service tokens are accepted
 * @param publicCards whether any signed-in user may read profile, post and media cards
 * @param metricsOpen whether {@code /metrics} is served without a token
 * @param metricsTokenHashes extra tokens accepted on {@code /metrics} (service tokens always are)
 * @param readinessProbeKey the key {@code /readyz} reads when no readiness check is supplied
 */
public record ServingHttpConfig(
    String host,
    int port,
    int maxUrlLength,
    int maxBodyBytes,
    int maxBatchKeys,
    int maxThreads,
    boolean virtualThreads,
    Set<String> serviceTokenHashes,
    JwtSettings jwt,
    boolean publicCards,
    boolean metricsOpen,
    Set<String> metricsTokenHashes,
    String readinessProbeKey) {

  /** Google's JWKS for Firebase ID tokens (the securetoken service account). */
  public static final String FIREBASE_JWKS_URL =
      "https://www.googleapis.com/service_accounts/v1/jwk/securetoken@system.gserviceaccount.com";

  /**
   * How app-user JWTs are verified: RS256 only, against {@code jwks}.
   *
   * @param jwks a JWKS file path, or an {@code http(s)://} URL fetched and cached
   * @param issuer the exact {@code iss} required
   * @param audience the {@code aud} required
   * @param clockSkew tolerance on {@code exp}, {@code nbf}, {@code iat} and {@code auth_time}
   */
  public record JwtSettings(String jwks, String issuer, String audience, Duration clockSkew) {
    public JwtSettings {
      require(jwks != null && !jwks.isBlank(), "auth.jwt.jwks (a file or URL) is required");
      require(issuer != null && !issuer.isBlank(), "auth.jwt.issuer is required");
      require(audience != null && !audience.isBlank(), "auth.jwt.audience is required");
      require(clockSkew != null && !clockSkew.isNegative() && clockSkew.toSeconds() <= 300,
          "auth.jwt.clock-skew-seconds must be 0-300, was " + clockSkew);
    }

    /** Settings for Firebase ID tokens of {@code project}, verified against Google's JWKS. */
    public static JwtSettings firebase(String project, Duration clockSkew) {
      return new JwtSettings(FIREBASE_JWKS_URL, "https://securetoken.google.com/" + project,
          project, clockSkew);
    }
  }

  /** The largest body a batch may be given: 64 MiB, far past any batch of keys. */
  static final int MAX_BODY_BYTES = 64 << 20;

  public ServingHttpConfig {
    require(host != null && !host.isBlank(), "http.host is required");
    require(port >= 0 && port <= 65535, "http.port must be 0-65535, was " + port);
    require(maxUrlLength >= 64, "http.max-url-length must be at least 64, was " + maxUrlLength);
    require(maxBodyBytes >= 1024 && maxBodyBytes <= MAX_BODY_BYTES,
        "http.max-body-bytes must be 1024 to " + MAX_BODY_BYTES + ", was " + maxBodyBytes);
    require(maxBatchKeys >= 1, "http.max-batch-keys must be at least 1, was " + maxBatchKeys);
    require(maxThreads >= 8, "http.max-threads must be at least 8, was " + maxThreads);
    serviceTokenHashes = Set.copyOf(serviceTokenHashes);
    metricsTokenHashes = Set.copyOf(metricsTokenHashes);
    require(!serviceTokenHashes.isEmpty() || jwt != null, "no way to authenticate is configured:"
        + " set auth.service-token-hashes (or auth.service-tokens-env) and/or auth.jwt.*");
    for (String hash : union(serviceTokenHashes, metricsTokenHashes)) {
      require(hash.matches("sha256:[0-9a-f]{64}"),
          "a token hash must be sha256: and 64 lower-case hex digits, was '" + hash + "'"
              + (hash.endsWith("-") ? " (drop the '  -' sha256sum prints after the digits:"
                  + " printf %s \"$TOKEN\" | sha256sum | cut -d' ' -f1)" : ""));
    }
    require(readinessProbeKey != null && CacheKey.isValid(readinessProbeKey),
        "readiness.probe-key must be a valid cache key, was '" + readinessProbeKey + "'");
  }

  /** A builder with the defaults listed above. */
  public static Builder builder() {
    return new Builder();
  }

  /** {@code sha256:} and the hex SHA-256 of a token's UTF-8 bytes: how tokens are configured. */
  public static String sha256(String token) {
    return ServiceTokens.hash(token);
  }

  /**
   * Reads a properties file.
   *
   * @throws UncheckedIOException when the file cannot be read
   * @throws IllegalArgumentException naming the property that is wrong
   */
  public static ServingHttpConfig load(Path file) {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(reader);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the serving config " + file, e);
    }
    return fromProperties(properties, System.getenv());
  }

  /**
   * Builds a config from properties named as in the class comment.
   *
   * @param env where {@code auth.service-tokens-env} is looked up (usually {@code System.getenv()})
   * @throws IllegalArgumentException naming the property that is wrong
   */
  public static ServingHttpConfig fromProperties(Properties p, Map<String, String> env) {
    Set<String> known = new TreeSet<>(List.of("http.host", "http.port", "http.max-url-length",
        "http.max-body-bytes", "http.max-batch-keys", "http.max-threads", "http.virtual-threads",
        "auth.service-token-hashes", "auth.service-tokens-env", "auth.jwt.firebase-project",
        "auth.jwt.jwks", "auth.jwt.issuer", "auth.jwt.audience", "auth.jwt.clock-skew-seconds",
        "auth.public-cards", "metrics.open", "metrics.token-hashes", "readiness.probe-key"));
    for (String name : p.stringPropertyNames()) {
      require(known.contains(name), "unknown serving property '" + name + "'; known: " + known);
    }
    Builder b = builder();
    b.host(p.getProperty("http.host", b.host).trim());
    b.port(intProperty(p, "http.port", b.port));
    b.maxUrlLength(intProperty(p, "http.max-url-length", b.maxUrlLength));
    b.maxBodyBytes(intProperty(p, "http.max-body-bytes", b.maxBodyBytes));
    b.maxBatchKeys(intProperty(p, "http.max-batch-keys", b.maxBatchKeys));
    b.maxThreads(intProperty(p, "http.max-threads", b.maxThreads));
    b.virtualThreads(boolProperty(p, "http.virtual-threads", b.virtualThreads));
    list(p.getProperty("auth.service-token-hashes")).forEach(b::serviceTokenHash);
    String tokensEnv = p.getProperty("auth.service-tokens-env");
    if (tokensEnv != null) {
      String tokens = env.get(tokensEnv.trim());
      require(tokens != null && !tokens.isBlank(), "auth.service-tokens-env names " + tokensEnv
          + ", which is not set or empty");
      list(tokens).forEach(b::serviceToken);
    }
    b.jwt(jwtSettings(p));
    b.publicCards(boolProperty(p, "auth.public-cards", b.publicCards));
    b.metricsOpen(boolProperty(p, "metrics.open", b.metricsOpen));
    list(p.getProperty("metrics.token-hashes")).forEach(b::metricsTokenHash);
    b.readinessProbeKey(p.getProperty("readiness.probe-key", b.readinessProbeKey));
    return b.build();
  }

  private static JwtSettings jwtSettings(Properties p) {
    String project = p.getProperty("auth.jwt.firebase-project");
    String jwks = p.getProperty("auth.jwt.jwks");
    String issuer = p.getProperty("auth.jwt.issuer");
    String audience = p.getProperty("auth.jwt.audience");
    if (project == null && jwks == null && issuer == null && audience == null) {
      require(p.getProperty("auth.jwt.clock-skew-seconds") == null, "auth.jwt.clock-skew-seconds"
          + " is set, but no auth.jwt.* property says whose tokens to verify");
      return null;
    }
    Duration skew = Duration.ofSeconds(intProperty(p, "auth.jwt.clock-skew-seconds", 30));
    JwtSettings base = project == null ? null : JwtSettings.firebase(project.trim(), skew);
    return new JwtSettings(
        jwks != null ? jwks.trim() : base == null ? null : base.jwks(),
        issuer != null ? issuer.trim() : base == null ? null : base.issuer(),
        audience != null ? audience.trim() : base == null ? null : base.audience(),
        skew);
  }

  /** Builds a {@link ServingHttpConfig}; every setter is optional but at least one credential. */
  public static final class Builder {
    private String host = "127.0.0.1";
    private int port = 8080;
    private int maxUrlLength = 2048;
    private int maxBodyBytes = 64 * 1024;
    private int maxBatchKeys = 100;
    private int maxThreads = 200;
    private boolean virtualThreads;
    private final Set<String> serviceTokenHashes = new TreeSet<>();
    private JwtSettings jwt;
    private boolean publicCards = true;
    private boolean metricsOpen;
    private final Set<String> metricsTokenHashes = new TreeSet<>();
    private String readinessProbeKey = "count:users:all";

    private Builder() {}

    public Builder host(String value) {
      host = value;
      return this;
    }

    public Builder port(int value) {
      port = value;
      return this;
    }

    public Builder maxUrlLength(int value) {
      maxUrlLength = value;
      return this;
    }

    public Builder maxBodyBytes(int value) {
      maxBodyBytes = value;
      return this;
    }

    public Builder maxBatchKeys(int value) {
      maxBatchKeys = value;
      return this;
    }

    public Builder maxThreads(int value) {
      maxThreads = value;
      return this;
    }

    public Builder virtualThreads(boolean value) {
      virtualThreads = value;
      return this;
    }

    /** Accepts a service token, given in plain text (only its hash is kept). */
    public Builder serviceToken(String token) {
      serviceTokenHashes.add(sha256(token));
      return this;
    }

    /** Accepts the service token whose {@link #sha256(String)} is {@code hash}. */
    public Builder serviceTokenHash(String hash) {
      serviceTokenHashes.add(hash.trim());
      return this;
    }

    public Builder jwt(JwtSettings value) {
      jwt = value;
      return this;
    }

    public Builder publicCards(boolean value) {
      publicCards = value;
      return this;
    }

    public Builder metricsOpen(boolean value) {
      metricsOpen = value;
      return this;
    }

    /** Accepts a token, given in plain text, on {@code /metrics} only. */
    public Builder metricsToken(String token) {
      metricsTokenHashes.add(sha256(token));
      return this;
    }

    public Builder metricsTokenHash(String hash) {
      metricsTokenHashes.add(hash.trim());
      return this;
    }

    public Builder readinessProbeKey(String value) {
      readinessProbeKey = value;
      return this;
    }

    /** @throws IllegalArgumentException saying which setting is wrong */
    public ServingHttpConfig build() {
      return new ServingHttpConfig(host, port, maxUrlLength, maxBodyBytes, maxBatchKeys,
          maxThreads, virtualThreads, serviceTokenHashes, jwt, publicCards, metricsOpen,
          metricsTokenHashes, readinessProbeKey);
    }
  }

  private static int intProperty(Properties p, String name, int fallback) {
    String value = p.getProperty(name);
    if (value == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be an integer, was '" + value + "'", e);
    }
  }

  private static boolean boolProperty(Properties p, String name, boolean fallback) {
    String value = p.getProperty(name);
    if (value == null) {
      return fallback;
    }
    String trimmed = value.trim();
    require(trimmed.equals("true") || trimmed.equals("false"),
        name + " must be true or false, was '" + value + "'");
    return Boolean.parseBoolean(trimmed);
  }

  private static List<String> list(String value) {
    List<String> items = new ArrayList<>();
    if (value != null) {
      Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty())
          .forEach(items::add);
    }
    return items;
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> all = new TreeSet<>(a);
    all.addAll(b);
    return all;
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }
}
