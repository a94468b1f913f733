package com.avalo.precompute.serving.store;

import com.google.api.gax.retrying.RetrySettings;
import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.StatusCode;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.v1.stub.FirestoreStubSettings;
import com.google.common.base.Throwables;
import java.net.ConnectException;
import java.time.Duration;

/**
 * How a cache reads Firestore: the retry settings of the client behind {@link
 * FirestoreCacheStore#getAsync} and {@link FirestoreCacheStore#getAllAsync}, and which of its
 * failures say the store cannot be reached at all.
 *
 * <p>The library's own settings retry an UNAVAILABLE read up to five times with a jittered backoff
 * from 100 ms: against a dead store each read failed only after 165-460 ms (measured on the
 * emulator), so the first misses after a store died answered 503 in 300-600 ms each.
 * A cache has its own answers to a failing store (the circuit, stale-if-error, 503 with
 * Retry-After), so its reads retry once, soon, to ride out a dropped connection, and leave the
 * rest to the circuit. The per-call deadlines stay the library's: a slow answer is the load
 * timeout's to judge, not the client's.
 */
final class FirestoreReads {
  /** One retry, after up to this long (jittered): a refused connection costs a miss no more. */
  static final Duration RETRY_DELAY = Duration.ofMillis(20);

  private FirestoreReads() {}

  /** The library's settings for BatchGetDocuments, with one quick retry instead of five slow ones. */
  static RetrySettings retrySettings() {
    return FirestoreStubSettings.newBuilder().batchGetDocumentsSettings().getRetrySettings().toBuilder()
        .setMaxAttempts(2)
        .setInitialRetryDelayDuration(RETRY_DELAY)
        .setRetryDelayMultiplier(1.0)
        .setMaxRetryDelayDuration(RETRY_DELAY)
        .build();
  }

  /** A client for the cache's reads of {@code project} (on the emulator when not null). */
  static Firestore client(String project, String emulatorHost) {
    return FirestoreCacheStore.options(project, emulatorHost).setRetrySettings(retrySettings())
        .build().getService();
  }

  /**
   * Whether {@code failure} says the store cannot be reached: a refused connection, or gRPC's
   * UNAVAILABLE (a connection that failed or closed, or a server that says it is unavailable).
   * Unlike a slow answer or an error about the request, this is no accident of one read.
   */
  static boolean unreachable(Throwable failure) {
    // The client library reports every gRPC failure as an ApiException with its status code.
    return failure != null && Throwables.getCausalChain(failure).stream().anyMatch(cause ->
        cause instanceof ConnectException || cause instanceof ApiException api
            && api.getStatusCode().getCode() == StatusCode.Code.UNAVAILABLE);
  }
}
