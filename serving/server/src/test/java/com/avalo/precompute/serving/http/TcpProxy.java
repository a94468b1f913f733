package com.avalo.precompute.serving.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A TCP proxy on loopback for fault tests, between a client and a server such as the Firestore
 * emulator: {@link #delay} holds every chunk the server sends back for a while (a slow store),
 * {@link #cut} closes every connection and refuses new ones (a network cut), {@link #restore}
 * accepts again. Debian has no toxiproxy; this is the little of it these tests need. Run as a
 * program ({@link #main}) it serves {@code run-fault-checks.sh}, steered through a control file.
 */
final class TcpProxy implements AutoCloseable {
  private final ServerSocket listener;
  private final int targetPort;
  private final ExecutorService pumps = Executors.newCachedThreadPool(r -> {
    Thread thread = new Thread(r, "tcp-proxy");
    thread.setDaemon(true);
    return thread;
  });
  private final List<Socket> open = new CopyOnWriteArrayList<>();
  private volatile long delayMillis;
  private volatile boolean refusing;

  TcpProxy(int targetPort) throws IOException {
    this(0, targetPort);
  }

  TcpProxy(int listenPort, int targetPort) throws IOException {
    this.targetPort = targetPort;
    this.listener = new ServerSocket(listenPort, 50, InetAddress.getLoopbackAddress());
    pumps.execute(this::accept);
  }

  /**
   * {@code TcpProxy --listen PORT --target PORT --control FILE}: proxies loopback PORT to the
   * target and, every 100 ms, applies the last line of FILE: {@code delay MS}, {@code cut} or
   * {@code restore}. Runs until killed.
   */
  public static void main(String[] args) throws Exception {
    java.util.Map<String, String> flags = LoadTestFlags.parse("TcpProxy", args);
    java.nio.file.Path control = java.nio.file.Path.of(LoadTestFlags.required("TcpProxy", flags, "control"));
    TcpProxy proxy = new TcpProxy(Integer.parseInt(LoadTestFlags.required("TcpProxy", flags, "listen")),
        Integer.parseInt(LoadTestFlags.required("TcpProxy", flags, "target")));
    System.out.println("proxy on " + proxy.host());
    String applied = "";
    while (true) {
      List<String> lines = java.nio.file.Files.exists(control)
          ? java.nio.file.Files.readAllLines(control) : List.of();
      String last = lines.isEmpty() ? "" : lines.get(lines.size() - 1).strip();
      if (!last.equals(applied)) {
        if (last.startsWith("delay ")) {
          proxy.delay(Long.parseLong(last.substring("delay ".length())));
        } else if (last.equals("cut")) {
          proxy.cut();
        } else if (last.equals("restore")) {
          proxy.restore();
        }
        System.out.println("proxy: " + last);
        applied = last;
      }
      Thread.sleep(100);
    }
  }

  String host() {
    return "127.0.0.1:" + listener.getLocalPort();
  }

  /** Holds each chunk from the server {@code millis} before passing it on; 0 passes at once. */
  void delay(long millis) {
    delayMillis = millis;
  }

  /** Closes every connection and refuses new ones until {@link #restore}. */
  void cut() {
    refusing = true;
    open.forEach(TcpProxy::closeQuietly);
    open.clear();
  }

  void restore() {
    refusing = false;
  }

  @Override
  public void close() {
    cut();
    closeQuietly(listener);
    pumps.shutdownNow();
  }

  private void accept() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        if (refusing) {
          closeQuietly(client);
          continue;
        }
        Socket server;
        try {
          server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
        } catch (IOException refused) {
          // A dead target refuses: so must the proxy, or the client would wait on a silent socket.
          closeQuietly(client);
          continue;
        }
        open.add(client);
        open.add(server);
        pumps.execute(() -> pump(client, server, false));
        pumps.execute(() -> pump(server, client, true));
      } catch (IOException e) {
        // The listener closed.
      }
    }
  }

  private void pump(Socket from, Socket to, boolean delayed) {
    byte[] buffer = new byte[16 * 1024];
    try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        long hold = delayed ? delayMillis : 0;
        if (hold > 0) {
          Thread.sleep(hold);
        }
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (IOException | InterruptedException e) {
      // One side closed or was cut: close both below.
    } finally {
      closeQuietly(from);
      closeQuietly(to);
    }
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception ignored) {
      // Already closed.
    }
  }
}
