package com.avalo.precompute.serving.http;

import com.avalo.precompute.schemas.InvalidKeyException;
import com.avalo.precompute.schemas.PercentEscapes;
import com.avalo.precompute.serving.CachedReads;
import com.avalo.precompute.serving.FeatureFlags;
import com.avalo.precompute.serving.store.StoreUnavailableException;
import com.avalo.precompute.serving.store.UnreadableDocumentException;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.router.matcher.PathParser;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP face of the serving tier, for backends that are not on the JVM: JSON documents by key
 * and by type, with freshness headers, bearer-token auth, Prometheus metrics and health probes.
 * Routes, auth rules and configuration are described in {@code serving/README-http.md}.
 *
 * <pre>{@code
 * ServingHttpServer server = ServingHttpServer.builder()
 *     .config(ServingHttpConfig.load(Path.of("serving.properties")))
 *     .reads(cacheClient)                       // any CachedReads
 *     .meterRegistry(prometheusRegistry)        // optional: a new one otherwise
 *     .readinessCheck(() -> store.get("count:users:all"))   // optional: reads.checkReady otherwise
 *     .featureFlags(cacheClient.featureFlags())  // optional: PUT /admin/cache-bypass
 *     .build();
 * server.start();
 * ...
 * server.stop();                                // does not close the CachedReads
 * }</pre>
 *
 * <p>Built on Javalin: a small, actively kept layer over Jetty 12 (mature HTTP/1.1 and NIO
 * connection handling, so a thousand idle keep-alive connections cost no threads), with no
 * annotation scanning or container, and able to run handlers on virtual threads on Java 21.
 */
public final class ServingHttpServer {
  private static final Logger LOG = LoggerFactory.getLogger(ServingHttpServer.class);
  private static final String ROUTE = "avalo.route";
  private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
  static final long STOP_TIMEOUT_SECONDS = 10;
  /** How long one readiness answer answers {@code /readyz}; see {@link SharedReadinessCheck}. */
  static final java.time.Duration READINESS_REUSE = java.time.Duration.ofSeconds(1);

  private final ServingHttpConfig config;
  private final CachedReads reads;
  private final PrometheusMeterRegistry registry;
  private final ReadinessCheck readiness;
  private final Clock clock;
  /**
   * Closed by {@link #stop()}, since a URL JWKS keeps a refresh thread; made anew by a later
   * {@link #start()}. Volatile: request threads read it.
   */
  private volatile Authenticator authenticator;
  private boolean authenticatorClosed;
  private final HttpMetrics metrics;
  private final DocumentRoutes documents;
  private final AdminRoutes admin;
  /** During an outage every miss fails: one line per interval, not one per request. */
  private final ThrottledLog outageLog = new ThrottledLog(LOG, "store unavailable answering",
      java.time.Duration.ofSeconds(10));
  private final ThrottledLog notReadyLog = new ThrottledLog(LOG, "not ready answering",
      java.time.Duration.ofSeconds(10));
  /** A bad document read by many callers: likewise, for each document on its own. */
  private final ThrottledLog unreadableLog = ThrottledLog.perSubject(LOG, "unreadable document",
      java.time.Duration.ofSeconds(10));
  /** Every route's template and its matcher, to label requests no route handler saw. */
  private final Map<String, PathParser> templates = new LinkedHashMap<>();
  private Javalin app;

  private ServingHttpServer(Builder b) {
    this.config = Objects.requireNonNull(b.config, "config");
    this.reads = Objects.requireNonNull(b.reads, "reads");
    this.registry = b.registry != null
        ? b.registry : new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    this.readiness = new SharedReadinessCheck(b.readiness != null
        ? b.readiness : () -> reads.checkReady(config.readinessProbeKey()),
        b.readinessReuse, System::nanoTime);
    this.clock = b.clock;
    this.authenticator = new Authenticator(config, clock);
    this.metrics = new HttpMetrics(registry);
    this.documents = new DocumentRoutes(reads, new AccessPolicy(config.publicCards()),
        new DocumentResponses(b.clock), metrics, config);
    this.admin = b.flags == null ? null : new AdminRoutes(b.flags);
  }

  /** A builder; {@link Builder#config} and {@link Builder#reads} are required. */
  public static Builder builder() {
    return new Builder();
  }

  /** Binds the port and starts serving; returns once requests are accepted. */
  public synchronized ServingHttpServer start() {
    if (app != null) {
      throw new IllegalStateException("already started on port " + port());
    }
    if (authenticatorClosed) {
      authenticator = new Authenticator(config, clock);
      authenticatorClosed = false;
    }
    app = Javalin.create(this::configure).start(config.host(), config.port());
    LOG.info("serving HTTP on {}:{}", config.host(), port());
    return this;
  }

  /**
   * Stops accepting requests and finishes those in flight, waiting at most
   * {@value #STOP_TIMEOUT_SECONDS} s for them (three default load timeouts): a request stuck
   * longer than that is cut off rather than holding shutdown forever. Then closes the JWKS source
   * of user tokens, which holds a thread. Idempotent.
   */
  public synchronized void stop() {
    if (app != null) {
      Javalin stopping = app;
      app = null;
      try {
        stopping.stop();
      } catch (RuntimeException e) {
        // Jetty stops everything all the same, then reports the requests it stopped waiting for
        // as a TimeoutException: that is the cut-off promised above, not a failure to stop.
        // Thrown on, it skipped what serve does after stop() (saving the hot keys, closing the
        // client and its store) and broke idempotence.
        if (!(rootCause(e) instanceof TimeoutException)) {
          throw e;
        }
        LOG.warn("stopped with requests still in flight after {} s; they were cut off",
            STOP_TIMEOUT_SECONDS);
      } finally {
        // After the requests in flight, which may verify user tokens: nimbus's JWKS refresh
        // thread is not a daemon and kept an embedder's JVM from exiting.
        authenticator.close();
        authenticatorClosed = true;
      }
    }
  }

  private static Throwable rootCause(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root;
  }

  /** The bound port (the chosen one when the config asked for port 0). */
  public synchronized int port() {
    if (app == null) {
      throw new IllegalStateException("not started");
    }
    return app.port();
  }

  /** See {@link UserTokenVerifier#jwksRefreshExecutor}; for tests. */
  java.util.concurrent.ExecutorService jwksRefreshExecutor() {
    return authenticator.jwksRefreshExecutor();
  }

  /** The registry {@code /metrics} exposes, for callers that add their own meters. */
  public PrometheusMeterRegistry meterRegistry() {
    return registry;
  }

  private void configure(JavalinConfig c) {
    c.startup.showJavalinBanner = false;
    c.startup.showOldJavalinVersionWarning = false;
    c.http.maxRequestSize = config.maxBodyBytes();
    // A known path asked with the wrong method is a client bug to name, not a missing route.
    c.http.prefer405over404 = true;
    c.concurrency.useVirtualThreads = config.virtualThreads();
    if (!config.virtualThreads()) {
      c.jetty.threadPool = new QueuedThreadPool(config.maxThreads(), 8);
    }
    c.jetty.modifyServer(server -> {
      server.setErrorHandler(new JettyErrorBodies(metrics::recordRefusal));
      // Without a Graceful handler and a stop timeout, Jetty's stop closes every connection at
      // once, answering nothing to the requests in flight. Javalin nests its context inside.
      server.setHandler(new GracefulHandler());
      server.setStopTimeout(TimeUnit.SECONDS.toMillis(STOP_TIMEOUT_SECONDS));
    });
    c.jetty.modifyServletContextHandler(context ->
        context.setErrorHandler(new JettyErrorBodies(metrics::recordRefusal)));
    c.requestLogger.http((ctx, millis) ->
        metrics.recordRequest(ctx.method().name(), routeLabel(ctx), ctx.statusCode(),
            ctx.res().getHeader(DocumentResponses.STORE_FAILED_HEADER) != null
                ? HttpMetrics.STORE_FAILED_LAYER : ctx.res().getHeader(DocumentResponses.LAYER_HEADER),
            millis));
    c.routes.before(this::checkUrlLength);

    route(c, "GET", "/healthz", ctx -> ctx.contentType(DocumentResponses.JSON)
        .result("{\"status\":\"up\"}"));
    route(c, "GET", "/readyz", this::readyz);
    route(c, "GET", "/metrics", ctx -> {
      authenticator.authorizeMetrics(ctx.header("Authorization"));
      ctx.contentType(PROMETHEUS_TEXT).result(registry.scrape());
    });
    route(c, "GET", DocumentRoutes.RAW_KEY_PATH, ctx -> documents.rawKey(ctx, serviceOnly(ctx)));
    route(c, "POST", "/v1/docs:batchGet", ctx -> documents.batchGet(ctx, serviceOnly(ctx)));
    for (DocumentRoutes.TypedRoute typed : DocumentRoutes.TYPED) {
      route(c, "GET", typed.path(), ctx -> documents.typed(ctx, caller(ctx), typed));
    }
    if (admin != null) {
      route(c, "GET", AdminRoutes.BYPASS_PATH, ctx -> {
        adminOnly(ctx);
        admin.getBypass(ctx);
      });
      route(c, "PUT", AdminRoutes.BYPASS_PATH, ctx -> {
        adminOnly(ctx);
        admin.putBypass(ctx);
      });
    }
    registerErrorHandlers(c);
  }

  private void route(JavalinConfig c, String method, String path, io.javalin.http.Handler handler) {
    templates.computeIfAbsent(path, template -> new PathParser(template, c.router));
    io.javalin.http.Handler labelled = ctx -> {
      ctx.attribute(ROUTE, path);
      handler.handle(ctx);
    };
    switch (method) {
      case "GET" -> {
        c.routes.get(path, labelled);
        // HEAD answers as GET does, without the body: unrouted, it answered 200 to anyone, and a
        // load balancer probing /readyz with HEAD never saw an outage.
        c.routes.head(path, labelled);
      }
      case "PUT" -> c.routes.put(path, labelled);
      default -> c.routes.post(path, labelled);
    }
  }

  /**
   * The template of the route the request's path matched. A request refused before its handler
   * ran (a 405 for another method, a 414 or 400 from the checks of every request) matched a route
   * all the same, so it is looked up by path; only a path no route has is {@code unmatched}.
   */
  private String routeLabel(Context ctx) {
    String route = ctx.attribute(ROUTE);
    if (route != null) {
      return route;
    }
    for (Map.Entry<String, PathParser> template : templates.entrySet()) {
      if (template.getValue().matches(ctx.path())) {
        return template.getKey();
      }
    }
    return null;
  }

  private Caller caller(Context ctx) {
    return authenticator.authenticate(ctx.header("Authorization"));
  }

  private Caller serviceOnly(Context ctx) {
    Caller caller = caller(ctx);
    if (!caller.isService()) {
      throw ApiException.forbidden("raw keys and batches are for services; app users read"
          + " through the typed routes (/v1/feeds/{uid}/{page}, /v1/chats/{uid}, ...)");
    }
    return caller;
  }

  private void adminOnly(Context ctx) {
    if (!caller(ctx).isService()) {
      throw ApiException.forbidden("the admin routes are for service tokens only");
    }
  }

  private void readyz(Context ctx) {
    try {
      readiness.check();
      ctx.contentType(DocumentResponses.JSON).result("{\"status\":\"ready\"}");
    } catch (Exception e) {
      // Anyone may ask /readyz: the reason (store paths, SQL, hosts) goes to the log only.
      notReadyLog.warn(ctx.method() + " " + ctx.path(), e.getMessage());
      ErrorBodies.write(ctx, 503, "not_ready", "the readiness check failed; the server log says why");
    }
  }

  private void checkUrlLength(Context ctx) {
    String query = ctx.queryString();
    int length = ctx.req().getRequestURI().length() + (query == null ? 0 : query.length() + 1);
    if (length > config.maxUrlLength()) {
      // 414, as Jetty answers a target past its own buffer: one limit, one status, whichever
      // of the two a target runs into.
      throw new ApiException(414, "request_too_large", "the request target is " + length
          + " characters, more than " + config.maxUrlLength());
    }
    checkQueryEscapes(query);
  }

  /**
   * Refuses a query string with a malformed percent-escape, as Jetty refuses one in the path:
   * the query parser drops such a parameter, so {@code ?page=1%ZZ} answered page 0 and
   * {@code ?version=V%ZZ} skipped the version check.
   */
  static void checkQueryEscapes(String query) {
    if (query == null) {
      return;
    }
    int malformed = PercentEscapes.firstMalformed(query);
    if (malformed >= 0) {
      throw ApiException.badRequest("the query string has a malformed percent-escape '"
          + PercentEscapes.at(query, malformed) + "' at character " + malformed
          + "; encode '%' as %25");
    }
  }

  private void registerErrorHandlers(JavalinConfig c) {
    c.routes.exception(ApiException.class, (e, ctx) -> ErrorBodies.write(ctx, e));
    // A key built from path parameters is refused for its length only once they are joined.
    c.routes.exception(InvalidKeyException.class, (e, ctx) -> ErrorBodies.write(ctx,
        e.tooLong() ? 413 : 400, e.tooLong() ? "request_too_large" : "invalid_key", e.getMessage()));
    // Javalin's own answers: no matching route, a body over http.maxRequestSize, ...
    c.routes.exception(HttpResponseException.class, (e, ctx) -> {
      switch (e.getStatus()) {
        case 404 -> noRoute(ctx);
        case 405 -> methodNotAllowed(ctx, e.getDetails());
        case 413 -> ErrorBodies.write(ctx, 413, "request_too_large", e.getMessage());
        default -> ErrorBodies.write(ctx, e.getStatus(), e.getStatus() >= 500 ? "internal"
            : "bad_request", e.getMessage());
      }
    });
    // One bad document is its key's fault: 500 for that key, its detail in the log, not the body.
    c.routes.exception(UnreadableDocumentException.class, (e, ctx) -> {
      unreadableLog.warn(e.key(), e.getMessage() + " (answering " + ctx.method() + " "
          + ctx.path() + ")");
      ErrorBodies.write(ctx, 500, "unreadable_document", "the stored document '" + e.key()
          + "' cannot be read; the job that writes it must write it again");
    });
    c.routes.exception(Exception.class, (e, ctx) -> {
      StoreUnavailableException down = storeUnavailable(e);
      if (down != null) {
        outageLog.warn(ctx.method() + " " + ctx.path(), down.getMessage());
        // The store's name and error are for the log, not for every app user's client.
        ErrorBodies.write(ctx, ApiException.storeUnavailable(
            "the cache store is unavailable, retry shortly"));
        return;
      }
      LOG.error("unexpected failure answering {} {}", ctx.method(), ctx.path(), e);
      ErrorBodies.write(ctx, 500, "internal", "unexpected " + e.getClass().getSimpleName()
          + "; the server log has the details");
    });
    c.routes.error(404, ctx -> {
      if (ctx.attribute(ErrorBodies.ANSWERED) == null) {
        noRoute(ctx);
      }
    });
  }

  private static void methodNotAllowed(Context ctx, java.util.Map<String, String> details) {
    String allowed = String.join(", ", details.values());
    if (!allowed.isEmpty()) {
      ctx.header("Allow", allowed);
    }
    ErrorBodies.write(ctx, 405, "method_not_allowed", ctx.method() + " " + ctx.path()
        + " is not answered" + (allowed.isEmpty() ? "" : "; this path answers " + allowed));
  }

  private static void noRoute(Context ctx) {
    ErrorBodies.write(ctx, 404, "not_found", "no route " + ctx.method() + " " + ctx.path()
        + "; routes: GET /v1/docs/{key}, POST /v1/docs:batchGet, GET /v1/users/{uid}[/stats|/tokens],"
        + " /v1/feeds/{uid}/{page}, /v1/matches/{uid}, /v1/chats/{uid}[?page=N],"
        + " /v1/counts/{collection}/{filters}, /v1/analytics/{metric}/{period},"
        + " /v1/posts/{postId}, /v1/media/{mediaId}, /healthz, /readyz, /metrics"
        + " (and /admin/cache-bypass where enabled)");
  }

  /** The store outage behind {@code e}, however deeply a cache layer wrapped it, or null. */
  private static StoreUnavailableException storeUnavailable(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof StoreUnavailableException down) {
        return down;
      }
    }
    return null;
  }

  /** Collects what a {@link ServingHttpServer} needs. */
  public static final class Builder {
    private ServingHttpConfig config;
    private CachedReads reads;
    private PrometheusMeterRegistry registry;
    private ReadinessCheck readiness;
    private java.time.Duration readinessReuse = READINESS_REUSE;
    private FeatureFlags flags;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /** Listening address, limits and auth (required). */
    public Builder config(ServingHttpConfig value) {
      config = value;
      return this;
    }

    /** Where documents are read (required); the server does not close it. */
    public Builder reads(CachedReads value) {
      reads = value;
      return this;
    }

    /** The registry exposed on {@code /metrics}; HTTP meters are added to it. */
    public Builder meterRegistry(PrometheusMeterRegistry value) {
      registry = value;
      return this;
    }

    /**
     * What {@code /readyz} runs; by default {@link CachedReads#checkReady} of the configured
     * probe key, which for a {@code CacheClient} asks the store itself, past the memory tier,
     * waiting at most 1 s: a probe that fails or waits longer counts against the client's
     * circuit like a failed read, so a store slower than that is taken as down. Probes that ask
     * together share one check, and its answer answers {@code /readyz} for 1 s after it.
     */
    public Builder readinessCheck(ReadinessCheck value) {
      readiness = value;
      return this;
    }

    /** How long one readiness answer is reused (1 s); for tests that flip readiness and ask. */
    Builder readinessReuse(java.time.Duration value) {
      readinessReuse = Objects.requireNonNull(value, "readinessReuse");
      return this;
    }

    /**
     * Switches to expose on {@code GET/PUT /admin/cache-bypass} (service tokens only), usually
     * the {@code CacheClient}'s own ({@code cacheClient.featureFlags()}); without them the
     * admin routes are not served.
     */
    public Builder featureFlags(FeatureFlags value) {
      flags = Objects.requireNonNull(value, "featureFlags");
      return this;
    }

    /** The clock for freshness headers and token expiry; the system clock by default. */
    public Builder clock(Clock value) {
      clock = Objects.requireNonNull(value, "clock");
      return this;
    }

    /**
     * @throws IllegalArgumentException when the JWKS file cannot be read
     * @throws NullPointerException when config or reads is missing
     */
    public ServingHttpServer build() {
      return new ServingHttpServer(this);
    }
  }
}
