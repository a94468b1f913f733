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
import java.util.concurrent.atomic.AtomicReference;
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
 * then until the TTL policy deleted it, a day or two of them on every instance's heap. The old
 * registration keeps listening until the new one has answered (see {@link #moveWindow}).
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
  /**
   * How long a registration replaced by a window move keeps delivering beside its successor: on
   * the emulator, a new listen stream now and then missed a document written just after its first
   * snapshot, which its predecessor, removed at that snapshot, would have delivered
   * (FirestoreInvalidationBusIT failed so about once in 20-50 runs).
   */
  static final Duration RETIRE_AFTER = Duration.ofSeconds(30);
  /** Invalidation documents remembered as applied, so that two registrations apply each once. */
  private static final int REMEMBERED_DOCUMENTS = 10_000;
  private static final System.Logger LOG = System.getLogger(FirestoreInvalidationBus.class.getName());

  private final Firestore firestore;
  private final boolean ownsClient;
  private final CollectionReference collection;
  private final String instanceId;
  private final Clock clock;
  private final ScheduledExecutorService relistener;
  private volatile Consumer<String> listener;
  /** The registration whose events are applied, and whose failure is relistened after. */
  private Listening current; // guarded by this
  /** The registration a window move opened, until its first answer makes it the current one. */
  private Listening pending; // guarded by this
  /** The registration the last move replaced, delivering until {@link #RETIRE_AFTER}. */
  private Listening retiring; // guarded by this
  /** The ids of the documents applied lately, oldest first. */
  private final Map<String, Boolean> applied = java.util.Collections.synchronizedMap(
      new java.util.LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
          return size() > REMEMBERED_DOCUMENTS;
        }
      });
  /** How many times the listener was registered: the latest registration's number. */
  private long registrations; // guarded by this
  private final AtomicReference<Instant> listenFrom;
  private volatile long relistenDelayMs = 500;
  /** Whether the current registration's last callback was a snapshot, not an error. */
  private volatile boolean healthy;
  private volatile boolean closed;

  /** A registration, and its number, which tells its callbacks whether it is still listened to. */
  private record Listening(long number, ListenerRegistration registration) {}

  private FirestoreInvalidationBus(Firestore firestore, boolean ownsClient, String collection,
      String instanceId, Clock clock) {
    this.firestore = firestore;
    this.ownsClient = ownsClient;
    this.collection = firestore.collection(collection);
    this.instanceId = instanceId;
    this.clock = clock;
    this.listenFrom = new AtomicReference<>(clock.instant().minusSeconds(LOOKBACK_SECONDS));
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
   * Registers the listener again from a minute before now (or the last event, if later) beside the
   * current registration, which keeps delivering until the new one has answered its first
   * snapshot, and for {@link #RETIRE_AFTER} after it; a document both deliver is applied once. A
   * new listen stream that is slow to set up, or never answers, loses nothing: its predecessor
   * listens on meanwhile, and the next move replaces it. (The old registration's events used
   * to be dropped from the moment the new one was registered, and on the emulator an invalidation
   * sent just after a move now and then never arrived: FirestoreInvalidationBusIT, about 3 runs in
   * 50.) A listener relistening after an error keeps its window, so that what was sent during the
   * error still arrives.
   */
  synchronized void moveWindow() {
    if (closed || !healthy || current == null) {
      return;
    }
    listenFrom.accumulateAndGet(clock.instant().minusSeconds(LOOKBACK_SECONDS),
        FirestoreInvalidationBus::later);
    if (pending != null) {
      pending.registration().remove(); // the last move's, which never answered
    }
    pending = register();
  }

  /** Where the listener's window opens now. */
  Instant listeningFrom() {
    return listenFrom.get();
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
    synchronized (this) {
      closed = true;
      removeRegistrations();
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

  /** Registers the listener from its window as the current registration, in place of any other. */
  private synchronized void listen() {
    if (closed) {
      return;
    }
    removeRegistrations();
    current = register();
  }

  /** Removes every registration, if any (the caller holds the lock). */
  private void removeRegistrations() {
    for (Listening listening : new Listening[] {current, pending, retiring}) {
      if (listening != null) {
        listening.registration().remove();
      }
    }
    current = null;
    pending = null;
    retiring = null;
  }

  /** Removes registration {@code number} if it is still the retiring one. */
  private synchronized void retire(long number) {
    if (retiring != null && retiring.number() == number) {
      retiring.registration().remove();
      retiring = null;
    }
  }

  private Listening register() {
    long number = ++registrations;
    ListenerRegistration registration = collection
        .whereGreaterThanOrEqualTo(AT, timestamp(listenFrom.get()))
        .addSnapshotListener((snapshot, error) -> onSnapshot(number, snapshot, error));
    return new Listening(number, registration);
  }

  /**
   * A callback of registration {@code number}: a removed registration's are ignored (one may still
   * arrive after its removal); a pending one's first snapshot makes it the current one.
   */
  private void onSnapshot(long number, QuerySnapshot snapshot, FirestoreException error) {
    synchronized (this) {
      boolean isCurrent = current != null && current.number() == number;
      boolean isPending = pending != null && pending.number() == number;
      boolean isRetiring = retiring != null && retiring.number() == number;
      if (closed || !(isCurrent || isPending || isRetiring)) {
        return;
      }
      if (isRetiring) {
        if (error != null) {
          retire(number); // its successor listens; nothing to relisten
          return;
        }
      } else if (error != null) {
        if (isPending) {
          // The move failed; the current registration listens on, and the next move tries again.
          pending = null;
          LOG.log(Level.WARNING, "moving the invalidation listener's window on "
              + collection.getPath() + " failed (" + error.getMessage() + "); the old window stays");
          return;
        }
        healthy = false;
        long delay = relistenDelayMs;
        relistenDelayMs = Math.min(MAX_RELISTEN_DELAY_MS, delay * 2);
        LOG.log(Level.WARNING, "invalidation listener on " + collection.getPath() + " failed ("
            + error.getMessage() + "); listening again in " + delay + " ms");
        relistener.schedule(this::listen, delay, TimeUnit.MILLISECONDS);
        return;
      }
      if (isPending) {
        if (retiring != null) {
          retiring.registration().remove();
        }
        retiring = current;
        long replaced = current.number();
        relistener.schedule(() -> retire(replaced), RETIRE_AFTER.toMillis(),
            TimeUnit.MILLISECONDS);
        current = pending;
        pending = null;
      }
      if (!isRetiring) {
        relistenDelayMs = 500;
        healthy = true;
      }
    }
    for (DocumentChange change : snapshot.getDocumentChanges()) {
      if (change.getType() == DocumentChange.Type.ADDED) {
        apply(change.getDocument());
      }
    }
  }

  private void apply(QueryDocumentSnapshot document) {
    if (applied.putIfAbsent(document.getId(), Boolean.TRUE) != null) {
      return; // delivered by the other registration of a window move
    }
    Timestamp at = document.getTimestamp(AT);
    if (at != null) {
      Instant seen = Instant.ofEpochSecond(at.getSeconds(), at.getNanos()).minusSeconds(LOOKBACK_SECONDS);
      listenFrom.accumulateAndGet(seen, FirestoreInvalidationBus::later);
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

  private static Instant later(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  private static Timestamp timestamp(Instant instant) {
    return Timestamp.ofTimeSecondsAndNanos(instant.getEpochSecond(), instant.getNano());
  }
}
