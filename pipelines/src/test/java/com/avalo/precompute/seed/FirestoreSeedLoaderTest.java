package com.avalo.precompute.seed;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertThrows;

import com.google.cloud.firestore.BulkWriterOptions;
import com.google.cloud.firestore.Firestore;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The loader's bounds, checked without an emulator. */
public class FirestoreSeedLoaderTest {
  @Rule public TemporaryFolder temp = new TemporaryFolder();

  @Test
  public void aWindowPastBulkWritersPendingLimitIsRefused() {
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> new FirestoreSeedLoader(null, BulkWriterOptions.builder().build(),
            FirestoreSeedLoader.MAX_WINDOW + 1, Duration.ofSeconds(1)));
    assertThat(refused.getMessage(), containsString("window must be 1-500 documents"));
  }

  @Test
  public void aLineWithTwoRecordsIsRefusedNotLoadedAsItsFirst() {
    IOException refused = assertThrows(IOException.class, () -> FirestoreSeedLoader.parse(
        "{\"id\":\"u1\"}{\"id\":\"u2\"}", Path.of("users.ndjson"), 7));
    assertThat(refused.getMessage(), containsString("users.ndjson:7 is not JSON: Trailing token"));
  }

  /** Without the window's bound, the load waits on BulkWriter's retries for many minutes. */
  @Test(timeout = 120_000)
  public void aFirestoreThatNeverAnswersFailsTheLoadSayingHowFarItGot() throws Exception {
    Path world = temp.newFolder("world").toPath();
    new SeedGenerator().generate(SeedConfig.defaults().withUsers(5), world, SeedProgress.none());
    try (SilentServer silent = new SilentServer();
        Firestore firestore = FirestoreSeedLoader.emulatorClient("never-answers",
            "127.0.0.1:" + silent.port())) {
      FirestoreSeedLoader loader = new FirestoreSeedLoader(firestore,
          BulkWriterOptions.builder().setThrottlingEnabled(false).build(), 10,
          Duration.ofSeconds(2));
      IOException stalled = assertThrows(IOException.class,
          () -> loader.load(world, SeedProgress.none()));
      assertThat(stalled.getMessage(), containsString(
          "writing users.ndjson stalled: no answer from Firestore for 2 s, with 0 of the 5 writes"
              + " up to line 5 answered"));
      firestore.shutdownNow(); // as the seed command does: close() waits for the hung calls
    }
  }

  /** Accepts connections and never says a word, like a host that has hung. */
  private static final class SilentServer implements AutoCloseable {
    private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    private final List<Socket> accepted = new ArrayList<>();

    SilentServer() throws IOException {
      Thread acceptor = new Thread(() -> {
        try {
          while (true) {
            Socket socket = server.accept();
            synchronized (accepted) {
              accepted.add(socket);
            }
          }
        } catch (IOException closed) {
          // close() ended the accept loop
        }
      }, "silent-server");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    int port() {
      return server.getLocalPort();
    }

    @Override
    public void close() throws IOException {
      server.close();
      synchronized (accepted) {
        for (Socket socket : accepted) {
          socket.close();
        }
      }
    }
  }
}
