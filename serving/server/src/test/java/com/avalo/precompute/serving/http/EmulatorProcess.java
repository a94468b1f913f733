package com.avalo.precompute.serving.http;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A Firestore emulator of a test's own, on a port of its own, that the test may kill and start
 * again (on the same port): the shared emulator of {@code scripts/test.sh} must not be killed.
 * The emulator keeps documents in memory, so a restarted one is empty. The jar is found as
 * {@code scripts/emulator.sh} finds it: {@code FIRESTORE_EMULATOR_JAR}, the usual places, then the
 * SDK root {@code gcloud info} names.
 */
final class EmulatorProcess implements AutoCloseable {
  private static final String MAIN = "com.google.cloud.datastore.emulator.firestore.CloudFirestore";

  private final Path jar;
  private final int port;
  private final Path log;
  private Process process;

  private EmulatorProcess(Path jar, int port, Path log) {
    this.jar = jar;
    this.port = port;
    this.log = log;
  }

  /** The emulator jar, or null when this machine has none (the caller skips its test). */
  static Path findJar() {
    String configured = System.getenv("FIRESTORE_EMULATOR_JAR");
    List<String> candidates = List.of(configured == null ? "" : configured,
        "/usr/lib/google-cloud-sdk/platform/cloud-firestore-emulator/cloud-firestore-emulator.jar",
        "/usr/share/google-cloud-sdk/platform/cloud-firestore-emulator/cloud-firestore-emulator.jar");
    return candidates.stream().filter(c -> !c.isEmpty()).map(Path::of).filter(Files::isRegularFile)
        .findFirst().or(() -> Optional.ofNullable(fromGcloud()))
        .orElseGet(EmulatorProcess::fromFirebaseCache);
  }

  /** The jar firebase-tools downloads into its cache, as {@code scripts/emulator.sh} finds it, or null. */
  private static Path fromFirebaseCache() {
    Path cache = Path.of(System.getProperty("user.home"), ".cache", "firebase", "emulators");
    if (!Files.isDirectory(cache)) {
      return null;
    }
    try (var jars = Files.newDirectoryStream(cache, "cloud-firestore-emulator*.jar")) {
      for (Path jar : jars) {
        if (Files.isRegularFile(jar)) {
          return jar;
        }
      }
      return null;
    } catch (IOException unreadable) {
      return null;
    }
  }

  /** The jar under the SDK root {@code gcloud info} names, or null. */
  private static Path fromGcloud() {
    try {
      Process gcloud = new ProcessBuilder("gcloud", "info", "--format=value(installation.sdk_root)")
          .redirectErrorStream(true).start();
      String root = new String(gcloud.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (!gcloud.waitFor(60, TimeUnit.SECONDS) || root.isEmpty()) {
        return null;
      }
      Path jar = Path.of(root, "platform", "cloud-firestore-emulator", "cloud-firestore-emulator.jar");
      return Files.isRegularFile(jar) ? jar : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** Starts an emulator on a free loopback port and waits until it serves. */
  static EmulatorProcess start(Path jar, Path dir) throws IOException, InterruptedException {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    EmulatorProcess emulator = new EmulatorProcess(jar, port, dir.resolve("emulator-" + port + ".log"));
    emulator.restart();
    return emulator;
  }

  String host() {
    return "127.0.0.1:" + port;
  }

  int port() {
    return port;
  }

  /** Kills the emulator at once (SIGKILL): a store that vanishes, as a crashed one does. */
  void kill() throws InterruptedException {
    if (process != null) {
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
      process = null;
    }
  }

  /** Starts it (again) on the same port and waits until it serves; it holds no documents. */
  void restart() throws IOException, InterruptedException {
    kill();
    Files.deleteIfExists(log);
    process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", jar.toString(), MAIN, "start", "--host=127.0.0.1", "--port=" + port,
        "--project_id=avalo-faults")
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      if (Files.exists(log) && Files.readString(log, StandardCharsets.UTF_8)
          .contains("Dev App Server is now running") && answers()) {
        return;
      }
      if (!process.isAlive()) {
        throw new IllegalStateException("the emulator exited: " + Files.readString(log));
      }
      Thread.sleep(200);
    }
    kill();
    throw new IllegalStateException("the emulator did not start in 120 s; log " + log);
  }

  /**
   * Whether the emulator answers HTTP on its root ("Ok"): on a busy machine the log line comes
   * well before a first read would be answered within a client's timeout.
   */
  private boolean answers() {
    try {
      java.net.HttpURLConnection root = (java.net.HttpURLConnection)
          java.net.URI.create("http://" + host() + "/").toURL().openConnection();
      root.setConnectTimeout(5_000);
      root.setReadTimeout(30_000);
      return root.getResponseCode() == 200;
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public void close() throws InterruptedException {
    kill();
  }
}
