package com.avalo.precompute.io;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertThrows;

import com.avalo.precompute.serving.store.StoreUnavailableException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.Test;

/** A Firestore source that cannot be read stops the run before it is built, in one line. */
public class FirestoreSourceCheckTest {
  @Test
  public void aSourceThatNeverAnswersIsReportedWithinTheTimeout() throws IOException {
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      List<Socket> held = new CopyOnWriteArrayList<>();
      Thread acceptor = new Thread(() -> {
        while (!silent.isClosed()) {
          try {
            held.add(silent.accept()); // and never answer
          } catch (IOException closed) {
            return;
          }
        }
      });
      acceptor.setDaemon(true);
      acceptor.start();
      String host = "127.0.0.1:" + silent.getLocalPort();

      StoreUnavailableException e = assertThrows(StoreUnavailableException.class,
          () -> FirestoreSourceCheck.check(options("--firestoreProject=avalo", "--emulatorHost=" + host),
              Duration.ofSeconds(2)));
      assertThat(e.getMessage(), containsString("cannot read the source firestore:avalo (emulator "
          + host + "): no answer in 2 s (is the emulator running?"));
      for (Socket socket : held) {
        socket.close();
      }
    }
  }

  @Test
  public void aSourceWithoutAProjectIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> FirestoreSourceCheck.check(options("--emulatorHost=127.0.0.1:1")));
    assertThat(e.getMessage(), containsString("--source=firestore needs --firestore-project=ID"));
  }

  private static PrecomputeOptions options(String... args) {
    PrecomputeOptions options = PipelineOptionsFactory.fromArgs(args).as(PrecomputeOptions.class);
    options.setSource("firestore");
    return options;
  }
}
