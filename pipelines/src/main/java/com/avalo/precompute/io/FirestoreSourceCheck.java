package com.avalo.precompute.io;

import com.avalo.precompute.serving.store.FirestoreCacheStore;
import com.avalo.precompute.serving.store.StoreUnavailableException;
import com.avalo.precompute.source.SourceCollection;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.QuerySnapshot;
import com.google.common.base.Throwables;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads one user of a Firestore source before a run is built, so that two mistakes stop it with
 * one line instead of doing harm.
 *
 * <p>A source that does not answer would otherwise leave FirestoreIO retrying inside the engine
 * with no word for minutes. A source with no users, almost always a mistyped project or database,
 * would otherwise run: every job reads users, so it would compute nothing and then delete every
 * document it wrote before, as documents no longer produced.
 */
final class FirestoreSourceCheck {
  /** Long enough for a cold connection to production Firestore, short against a hang. */
  static final Duration TIMEOUT = Duration.ofSeconds(30);

  private FirestoreSourceCheck() {}

  /**
   * @throws IllegalArgumentException when the project is missing or the source holds no users
   * @throws StoreUnavailableException when the source does not answer within {@link #TIMEOUT}
   *     or refuses the read
   */
  static void check(PrecomputeOptions options) {
    check(options, TIMEOUT);
  }

  /** {@link #check(PrecomputeOptions)}, waiting at most {@code timeout} for the source. */
  static void check(PrecomputeOptions options, Duration timeout) {
    String project = ReadSourceLines.firestoreProject(options);
    String database = ReadSourceLines.firestoreDatabase(options);
    String host = options.getEmulatorHost();
    String source = "firestore:" + project
        + (database.equals(ReadSourceLines.DEFAULT_DATABASE) ? "" : "/" + database)
        + (host == null ? "" : " (emulator " + host + ")");
    // From the options, not from a client's: a client made only to copy its options kept a gRPC
    // channel open that nothing closed, and gRPC logged a SEVERE stack trace when it was collected.
    Firestore client = FirestoreCacheStore.options(project, host).setDatabaseId(database).build()
        .getService();
    boolean answered = false;
    try {
      QuerySnapshot users = client.collection(SourceCollection.USERS.name()).limit(1).get()
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      answered = true;
      if (users.isEmpty()) {
        throw new IllegalArgumentException("the source " + source + " has no users: check"
            + " --firestore-project and --firestoreDb. A run over it would compute nothing and"
            + " delete the documents its jobs wrote before");
      }
    } catch (TimeoutException | ExecutionException e) {
      throw new StoreUnavailableException("cannot read the source " + source + ": "
          + (e instanceof TimeoutException ? "no answer in " + timeout.toSeconds() + " s"
              : Throwables.getRootCause(e).getMessage())
          + FirestoreCacheStore.unreachableHint(host), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreUnavailableException("interrupted while reading the source " + source, e);
    } finally {
      if (answered) {
        closeQuietly(client);
      } else {
        client.shutdownNow(); // close() would wait for the calls still trying to connect
      }
    }
  }

  private static void closeQuietly(Firestore client) {
    try {
      client.close();
    } catch (Exception e) {
      client.shutdownNow();
    }
  }
}
