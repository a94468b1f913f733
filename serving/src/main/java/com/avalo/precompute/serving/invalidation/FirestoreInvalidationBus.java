package com.avalo.precompute.serving.invalidation;

import com.avalo.precompute.serving.store.FirestoreCacheStore;
import com.google.api.core.ApiFuture;
import com.google.cloud.Timestamp;
import com.google.cloud.firestore.CollectionReference;
import com.google.cloud.firestore.DocumentChange;
import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.FieldValue;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.FirestoreException;
import com.google.cloud.firestore.ListenerRegistration;
import com.google.cloud.firestore.QueryDocumentSnapshot;
import com.google.cloud.firestore.QuerySnapshot;
import com.google.common.util.concurrent.ThreadFactoryBuilder;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Invalidations through a Firestore collection ({@value #DEFAULT_COLLECTION} by default).
 * {@link #publish} adds a document {@code {prefix, at, origin, expireAt}}: {@code at} is the
 * server's commit time, {@code origin} this instance's id, {@code expireAt} a day later, for a
 * Firestore TTL policy to clean the collection up. Every instance listens
 * ({@code addSnapshotListener}) for documents whose {@code at} is after its start and hands the
 * prefixes of the other instances' documents to its client.
 *
 * <p>The listening window opens {@value #LOOKBACK_SECONDS} s before the start, so that a clock
 * behind the server's loses nothing (replaying an invalidation only costs one reload). Should the
 * listener fail, it is registered again with backoff from the last event seen, so that
 * invalidations sent meanwhile still arrive. A healthy listener is registered again every
 * {@link #WINDOW_MOVE} from a minute before then: Firestore's client keeps every document of a
 * listener's result, so a window left open since the start held every invalidation sent since
 * then until the TTL policy deleted it, a day or two of them on every instance's heap.
 */
public final class FirestoreInvalidationBus implements InvalidationBus {
  /** The collection unless another is given. */
  public static final String DEFAULT_COLLECTION = "precompute_invalidations";
  static final String PREFIX = "prefix";
  static final String AT = "at";
  static final String ORIGIN = "origin";
  /** The field a Firestore TTL policy deletes invalidations on, a day after they were sent. */
  public static final String EXPIRE_AT = "expireAt";
  static final long LOOKBACK_SECONDS = 60;
  private static final Duration RETENTION = Duration.ofDays(1);
  private static final long MAX_RELISTEN_DELAY_MS = 30_000;
  /** How often a healthy listener's window is moved up to a minute before now. */
  static final Duration WINDOW_MOVE = Duration.ofMinutes(10);
  private static final System.Logger LOG = System.getLogger(FirestoreInvalidationBus.class.getName());

  private final Firestore firestore;
  private final boolean ownsClient;
  private final CollectionReference collection;
  private final String instanceId;
  private final Clock clock;
  private final ScheduledExecutorService relistener;
  private volatile Consumer<String> listener;
  private volatile ListenerRegistration registration;
  private volatile Instant listenFrom;
  private volatile long relistenDelayMs = 500;
  /** Whether the listener's last callback was a snapshot, not an error it is relistening after. */
  private volatile boolean healthy;
  /** How many times the listener was registered: the latest registration's number. */
  private volatile long registrations;
  private volatile boolean closed;

  private FirestoreInvalidationBus(Firestore firestore, boolean ownsClient, String collection,
      String instanceId, Clock clock) {
    this.firestore = firestore;
    this.ownsClient = ownsClient;
    this.collection = firestore.collection(collection);
    this.instanceId = instanceId;
    this.clock = clock;
    this.listenFrom = clock.instant().minusSeconds(LOOKBACK_SECONDS);
    this.relistener = Executors.newSingleThreadScheduledExecutor(new ThreadFactoryBuilder()
        .setNameFormat("avalo-invalidation-relisten").setDaemon(true).build());
  }

  /**
   * A bus on its own Firestore client for {@code project}, on the emulator at
   * {@code emulatorHost} when not null, using {@link #DEFAULT_COLLECTION}; closing the bus closes
   * the client.
   */
  public static FirestoreInvalidationBus open(String project, String emulatorHost) {
    return new FirestoreInvalidationBus(FirestoreCacheStore.client(project, emulatorHost), true,
        DEFAULT_COLLECTION, UUID.randomUUID().toString(), Clock.systemUTC());
  }

  /**
   * A bus on a client the caller owns (closing the bus leaves it open).
   *
   * @param collection the invalidation collection, shared by every instance
   * @param instanceId this instance's id, unique among the instances
   */
  public static FirestoreInvalidationBus on(Firestore firestore, String collection, String instanceId) {
    return new FirestoreInvalidationBus(firestore, false, collection, instanceId, Clock.systemUTC());
  }

  /** This instance's id, written as {@code origin} and used to skip its own documents. */
  public String instanceId() {
    return instanceId;
  }

  @Override
  public void start(Consumer<String> newListener) {
    listener = newListener;
    listen();
    relistener.scheduleWithFixedDelay(this::moveWindow, WINDOW_MOVE.toMillis(),
        WINDOW_MOVE.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Registers the listener again from a minute before now (or the last event, if later), then
   * drops the old registration: the new one overlaps it, so nothing falls between them, and an
   * invalidation delivered twice only costs a reload. A listener relistening after an error keeps
   * its window, so that what was sent during the error still arrives.
   */
  synchronized void moveWindow() {
    if (closed || !healthy) {
      return;
    }
    Instant from = clock.instant().minusSeconds(LOOKBACK_SECONDS);
    if (from.isAfter(listenFrom)) {
      listenFrom = from;
    }
    ListenerRegistration old = registration;
    listen();
    if (old != null) {
      old.remove();
    }
  }

  /** Where the listener's window opens now. */
  Instant listeningFrom() {
    return listenFrom;
  }

  @Override
  public CompletableFuture<Void> publish(String keyOrPrefix) {
    Instant now = clock.instant();
    ApiFuture<DocumentReference> write = collection.add(Map.of(
        PREFIX, keyOrPrefix,
        AT, FieldValue.serverTimestamp(),
        ORIGIN, instanceId,
        EXPIRE_AT, timestamp(now.plus(RETENTION))));
    CompletableFuture<Void> done = new CompletableFuture<>();
    write.addListener(() -> {
      try {
        write.get();
        done.complete(null);
      } catch (ExecutionException e) {
        done.completeExceptionally(e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        done.completeExceptionally(e);
      }
    }, Runnable::run);
    return done;
  }

  @Override
  public void close() {
    closed = true;
    ListenerRegistration current = registration;
    if (current != null) {
      current.remove();
    }
    relistener.shutdownNow();
    if (ownsClient) {
      try {
        firestore.close();
      } catch (Exception ignored) {
        // Closing on shutdown: nothing left to save.
      }
    }
  }

  private synchronized void listen() {
    if (closed) {
      return;
    }
    // Only the latest registration's callbacks count: one replaced by moveWindow may still
    // report an error before its removal, and must not start a listener of its own.
    long mine = ++registrations;
    registration = collection.whereGreaterThanOrEqualTo(AT, timestamp(listenFrom))
        .addSnapshotListener((snapshot, error) -> {
          if (mine == registrations) {
            onSnapshot(snapshot, error);
          }
        });
  }

  private void onSnapshot(QuerySnapshot snapshot, FirestoreException error) {
    if (error != null) {
      healthy = false;
      if (!closed) {
        long delay = relistenDelayMs;
        relistenDelayMs = Math.min(MAX_RELISTEN_DELAY_MS, delay * 2);
        LOG.log(Level.WARNING, "invalidation listener on " + collection.getPath() + " failed ("
            + error.getMessage() + "); listening again in " + delay + " ms");
        relistener.schedule(this::listen, delay, TimeUnit.MILLISECONDS);
      }
      return;
    }
    relistenDelayMs = 500;
    healthy = true;
    for (DocumentChange change : snapshot.getDocumentChanges()) {
      if (change.getType() == DocumentChange.Type.ADDED) {
        apply(change.getDocument());
      }
    }
  }

  private void apply(QueryDocumentSnapshot document) {
    Timestamp at = document.getTimestamp(AT);
    if (at != null) {
      Instant seen = Instant.ofEpochSecond(at.getSeconds(), at.getNanos()).minusSeconds(LOOKBACK_SECONDS);
      if (seen.isAfter(listenFrom)) {
        listenFrom = seen;
      }
    }
    String prefix = document.getString(PREFIX);
    if (prefix == null || instanceId.equals(document.getString(ORIGIN))) {
      return;
    }
    try {
      listener.accept(prefix);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "invalidation of '" + prefix + "' from " + collection.getPath()
          + " failed to apply: " + e);
    }
  }

  private static Timestamp timestamp(Instant instant) {
    return Timestamp.ofTimeSecondsAndNanos(instant.getEpochSecond(), instant.getNano());
  }
}
