package com.avalo.precompute.serving.store;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import com.google.api.gax.grpc.GrpcStatusCode;
import com.google.api.gax.retrying.RetrySettings;
import com.google.api.gax.rpc.ApiExceptionFactory;
import com.google.cloud.firestore.v1.stub.FirestoreStubSettings;
import io.grpc.Status;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.Test;

/** Which read failures say the store cannot be reached, and how the cache's reads retry. */
public class FirestoreReadsTest {
  @Test
  public void aRefusedConnectionOrUnavailableIsUnreachable() {
    assertTrue(FirestoreReads.unreachable(grpc(Status.UNAVAILABLE.withDescription("io exception")
        .withCause(new ConnectException("Connection refused")))));
    assertTrue("a connection closed under the read",
        FirestoreReads.unreachable(grpc(Status.UNAVAILABLE.withDescription("Network closed for unknown reason"))));
    assertTrue("however deep it is wrapped", FirestoreReads.unreachable(new CompletionException(
        new StoreUnavailableException("get failed", grpc(Status.UNAVAILABLE)))));
    assertTrue(FirestoreReads.unreachable(new ConnectException("Connection refused")));
  }

  @Test
  public void aSlowAnswerOrAnErrorAboutTheRequestIsNot() {
    assertFalse(FirestoreReads.unreachable(grpc(Status.DEADLINE_EXCEEDED)));
    assertFalse(FirestoreReads.unreachable(grpc(Status.PERMISSION_DENIED)));
    assertFalse(FirestoreReads.unreachable(grpc(Status.INTERNAL)));
    assertFalse(FirestoreReads.unreachable(grpc(Status.RESOURCE_EXHAUSTED)));
    assertFalse(FirestoreReads.unreachable(new TimeoutException()));
    assertFalse(FirestoreReads.unreachable(new IllegalStateException("bad document")));
    assertFalse(FirestoreReads.unreachable(null));
  }

  @Test
  public void readsRetryOnceSoonAndKeepTheLibrarysDeadlines() {
    RetrySettings library = FirestoreStubSettings.newBuilder().batchGetDocumentsSettings().getRetrySettings();
    RetrySettings reads = FirestoreReads.retrySettings();
    assertEquals("one retry", 2, reads.getMaxAttempts());
    assertEquals(FirestoreReads.RETRY_DELAY, reads.getInitialRetryDelayDuration());
    assertEquals(FirestoreReads.RETRY_DELAY, reads.getMaxRetryDelayDuration());
    assertEquals("a healthy read's deadline is untouched", library.getInitialRpcTimeoutDuration(),
        reads.getInitialRpcTimeoutDuration());
    assertEquals(library.getTotalTimeoutDuration(), reads.getTotalTimeoutDuration());
  }

  /** The real client, on a loopback port nothing listens on: the read fails as unreachable. */
  @Test
  public void aReadOfAClosedPortFailsAsUnreachable() throws Exception {
    int closed;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = socket.getLocalPort();
    }
    FirestoreStoreSpec spec = new FirestoreStoreSpec("reads-test", "127.0.0.1:" + closed,
        FirestoreStoreSpec.DEFAULT_COLLECTION);
    try (FirestoreCacheStore store = new FirestoreCacheStore(
        FirestoreCacheStore.client(spec.project(), spec.emulatorHost()), spec)) {
      for (String read : new String[] {"get", "getAll"}) {
        try {
          (read.equals("get") ? store.getAsync("user:u1:tokens", Runnable::run)
              : store.getAllAsync(java.util.List.of("user:u1:tokens", "user:u2:tokens"), Runnable::run))
              .get(60, TimeUnit.SECONDS);
          fail(read + " of a closed port succeeded");
        } catch (ExecutionException e) {
          StoreUnavailableException failure = (StoreUnavailableException)
              (e.getCause() instanceof CompletionException ? e.getCause().getCause() : e.getCause());
          assertTrue(read + ": " + failure, failure.unreachable());
        }
      }
    }
  }

  private static RuntimeException grpc(Status status) {
    return ApiExceptionFactory.createException(status.asRuntimeException(),
        GrpcStatusCode.of(status.getCode()), false);
  }
}
