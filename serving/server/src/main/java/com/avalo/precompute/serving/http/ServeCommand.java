package com.avalo.precompute.serving.http;

import com.avalo.precompute.serving.CacheClient;
import com.avalo.precompute.serving.CacheClientBuilder;
import com.avalo.precompute.serving.StoreDownException;
import com.avalo.precompute.serving.store.CacheStore;
import com.avalo.precompute.serving.store.StoreSpec;
import com.avalo.precompute.serving.store.StoreUnavailableException;
import com.avalo.precompute.serving.warmstart.WarmStart;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The serving deployable's main: the HTTP service ({@link ServingHttpServer}) over a
 * {@link CacheClient} on a store, until SIGINT or SIGTERM. Run it as
 * {@code java -jar serving/server/target/avalo-serving.jar} or {@code scripts/serve}
 * ({@code scripts/precompute serve} forwards there). Errors in flags, config or store print one
 * {@code error:} line and exit with status 2.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, version = "avalo-serving 0.1.0",
    description = {"Serves cache documents over HTTP through the memory tier (serving/README-http.md).",
        "Prints the URL once requests are accepted; Ctrl-C or SIGTERM finishes the requests in",
        "flight and stops. Invalidations travel through Firestore when the store is Firestore.",
        "PUT /admin/cache-bypass {\"bypassCache\": true} (service token) sends every read",
        "straight to the store, skipping the memory tier, until it is turned off again."})
public final class ServeCommand implements Callable<Integer> {
  /** The width of the help; no line of the description is longer. */
  static final int HELP_WIDTH = 100;

  static final String CONFIG_HELP = "a properties file with at least"
      + " auth.service-token-hashes=sha256:<hex> or auth.service-tokens-env=VAR"
      + " (see serving/README-http.md)";

  @Mixin StoreFlags store = new StoreFlags();

  @Option(names = "--config", paramLabel = "FILE",
      description = "Serving properties: http.*, auth.*, metrics.* (serving/README-http.md)")
  Path config;

  @Option(names = "--port", description = "Overrides http.port of the config; 0 picks a free port")
  Integer port;

  @Option(names = "--host", description = "Overrides http.host of the config, e.g. 0.0.0.0")
  String host;

  @Mixin CacheFlags cache = new CacheFlags();

  @Mixin WarmStartFlags warmStart = new WarmStartFlags();

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the command and returns its exit code, for tests; a started service blocks until stopped. */
  public static int execute(String... args) {
    CommandLine cli = new CommandLine(new ServeCommand());
    // Its description is written in lines of up to 100 characters, as the precompute CLI's are;
    // at picocli's default of 80 each broke again, a file name among them.
    cli.setUsageHelpWidth(HELP_WIDTH);
    cli.setParameterExceptionHandler((exception, arguments) -> {
      // A flag's bad value or an unknown flag: one line that says so, as for a bad config, not
      // the line drowned by the whole usage.
      String line = exception.getMessage();
      if (exception instanceof UnmatchedArgumentException unmatched
          && !unmatched.getSuggestions().isEmpty()) {
        line += "; did you mean " + String.join(" or ", unmatched.getSuggestions()) + "?";
      }
      exception.getCommandLine().getErr().println("error: " + line
          + " ('serve --help' lists the flags)");
      return 2;
    });
    cli.setExecutionExceptionHandler((exception, commandLine, parseResult) -> {
      String message = oneLineError(exception);
      if (message == null) {
        throw exception;
      }
      commandLine.getErr().println("error: " + message);
      return 2;
    });
    return cli.execute(args);
  }

  @Override
  public Integer call() throws InterruptedException {
    Running running = start();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      running.close();
      System.err.println("serve: stopped");
      stopped.countDown();
    }, "precompute-serve-stop"));
    System.out.println("serving " + running.store + " on " + running.url()
        + " (metrics: /metrics; cache bypass: PUT /admin/cache-bypass; stop: Ctrl-C)");
    System.out.flush();
    stopped.await();
    return 0;
  }

  /**
   * Checks the config, opens the store and starts serving; the caller closes what it returns.
   *
   * @throws IllegalArgumentException saying what to fix in the flags or the config file
   * @throws com.avalo.precompute.serving.store.StoreUnavailableException when the store does not answer
   */
  Running start() {
    ServingHttpConfig httpConfig = httpConfig();
    StoreSpec spec = store.spec();
    CacheStore cacheStore = store.openForReading();
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    // The memory tier lives on the heap: GC pauses and heap use belong beside its hit rates.
    JvmGcMetrics gc = new JvmGcMetrics();
    gc.bindTo(registry);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    CacheClient client;
    try {
      client = cacheClient(spec, registry,
          cache.apply(CacheClient.builder(cacheStore), httpConfig.maxThreads()));
    } catch (RuntimeException e) {
      cacheStore.close();
      gc.close();
      throw e;
    }
    WarmStartFlags.Started warm = null;
    try {
      warm = warmStart.start(client, spec);
      WarmStart preload = warm == null ? null : warm.warmStart();
      ServingHttpServer server = ServingHttpServer.builder()
          .config(httpConfig)
          .reads(client)
          .meterRegistry(registry)
          .featureFlags(client.featureFlags())
          // Ask the store itself (the memory tier could answer the probe while the store is
          // down), through the circuit: a store known to be down answers 503 at once.
          .readinessCheck(() -> {
            if (preload != null) {
              preload.checkReady();
            }
            client.checkReady(httpConfig.readinessProbeKey());
          })
          .build()
          .start();
      return new Running(server, client, warm, gc, httpConfig.host(), spec.toString());
    } catch (RuntimeException e) {
      if (warm != null) {
        // Memory holds at most the first batches of the preload: saving them would cut the list.
        warm.abandon();
      }
      client.close();
      gc.close();
      if (rootCause(e) instanceof BindException bind) {
        throw new IllegalArgumentException("cannot listen on " + httpConfig.host() + ":"
            + httpConfig.port() + " (" + bind.getMessage() + "): pick another --port or stop"
            + " what holds it", e);
      }
      throw e;
    }
  }

  /**
   * The client {@code builder} makes, over the store it was given. The service has no source data
   * to recompute documents from, so the origin behind the bypass is the store itself, read
   * directly on every request.
   */
  static CacheClient cacheClient(StoreSpec spec, PrometheusMeterRegistry registry,
      CacheClientBuilder builder) {
    builder.meterRegistry(registry).storeAsOrigin();
    spec.openInvalidationBus().ifPresent(builder::invalidationBus);
    return builder.build();
  }

  /** What an operator got wrong (flags, config, store), or null for a fault of the service itself. */
  private static String oneLineError(Exception exception) {
    if (exception instanceof IllegalArgumentException || exception instanceof StoreUnavailableException
        || exception instanceof StoreDownException) {
      return exception.getMessage();
    }
    Throwable root = rootCause(exception);
    return root instanceof IllegalArgumentException || root instanceof UncheckedIOException
        ? root.getMessage() : null;
  }

  private static Throwable rootCause(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root;
  }

  /** The config file with --port and --host laid over it. */
  ServingHttpConfig httpConfig() {
    if (config == null) {
      throw new IllegalArgumentException("serve needs --config=FILE, " + CONFIG_HELP);
    }
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(config, StandardCharsets.UTF_8)) {
      properties.load(reader);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("--config=" + config + ": no such file; write "
          + CONFIG_HELP, e);
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalArgumentException("--config=" + config + " cannot be read: " + e.getMessage(), e);
    }
    if (port != null) {
      properties.setProperty("http.port", port.toString());
    }
    if (host != null) {
      properties.setProperty("http.host", host);
    }
    try {
      return ServingHttpConfig.fromProperties(properties, System.getenv());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--config=" + config
          + (port != null || host != null ? " (with --port/--host applied)" : "") + ": "
          + e.getMessage(), e);
    }
  }

  /** A started service; {@link #close} stops it and releases the client and its store. */
  static final class Running implements AutoCloseable {
    final ServingHttpServer server;
    final CacheClient client;
    private final WarmStartFlags.Started warm;
    private final JvmGcMetrics gc;
    final String host;
    final String store;
    private boolean closed;

    Running(ServingHttpServer server, CacheClient client, WarmStartFlags.Started warm,
        JvmGcMetrics gc, String host, String store) {
      this.server = server;
      this.client = client;
      this.warm = warm;
      this.gc = gc;
      this.host = host;
      this.store = store;
    }

    int port() {
      return server.port();
    }

    String url() {
      return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port();
    }

    /**
     * Finishes the requests in flight, saves the hot keys for the next instance, then closes the
     * client, its bus and the store. Idempotent.
     */
    @Override
    public synchronized void close() {
      if (!closed) {
        closed = true;
        server.stop();
        if (warm != null) {
          warm.close();
        }
        client.close();
        gc.close();
      }
    }
  }
}
