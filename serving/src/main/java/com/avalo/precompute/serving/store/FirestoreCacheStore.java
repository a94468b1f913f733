package com.avalo.precompute.serving.store;

import com.avalo.precompute.schemas.CacheDocument;
import com.google.api.core.ApiFuture;
import com.google.api.core.ApiFutureCallback;
import com.google.api.core.ApiFutures;
import com.google.cloud.firestore.CollectionReference;
import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.FieldPath;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.FirestoreOptions;
import com.google.cloud.firestore.Query;
import com.google.cloud.firestore.QueryDocumentSnapshot;
import com.google.cloud.firestore.WriteBatch;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Cache documents in a Firestore collection, one document per key (the key is the document id),
 * fields as {@link FirestoreCodec} lays them out. Batched reads use Firestore's {@code getAll}.
 * The asynchronous reads, a cache's, go through a client of their own that fails fast when the
 * store cannot be reached ({@link FirestoreReads}); writes and tools keep the library's retries.
 */
public final class FirestoreCacheStore implements CacheStore {
  /** Keys per batched read: Firestore's BatchGetDocuments allows many, smaller is gentler on tail latency. */
  static final int GET_ALL_CHUNK = 300;
  private static final int WRITE_BATCH = 500;
  private static final long TIMEOUT_SECONDS = 30;
  private static final int STAMP_PAGE = 5_000;

  private final Firestore firestore;
  private final CollectionReference collection;
  private final FirestoreStoreSpec spec;
  /** The asynchronous reads' own client ({@link FirestoreReads}) and the collection on it. */
  private final Firestore readClient;
  private final CollectionReference readCollection;

  FirestoreCacheStore(Firestore firestore, FirestoreStoreSpec spec) {
    this.firestore = firestore;
    this.collection = firestore.collection(spec.collection());
    this.spec = spec;
    this.readClient = FirestoreReads.client(spec.project(), spec.emulatorHost());
    this.readCollection = readClient.collection(spec.collection());
  }

  /**
   * Connects to Firestore (or its emulator) and checks it answers.
   *
   * @throws StoreUnavailableException when it does not answer within the timeout
   */
  public static FirestoreCacheStore open(FirestoreStoreSpec spec) {
    FirestoreCacheStore store = new FirestoreCacheStore(client(spec.project(), spec.emulatorHost()), spec);
    try {
      // Through both clients: the read client's connection is then up before the first miss,
      // which would otherwise pay for it within the cache's load timeout.
      for (CollectionReference probed : List.of(store.collection, store.readCollection)) {
        probed.document("__probe").get().get(10, TimeUnit.SECONDS);
      }
    } catch (Exception e) {
      store.close();
      throw new StoreUnavailableException("cannot reach " + spec + ": " + rootMessage(e)
          + unreachableHint(spec.emulatorHost()), e);
    }
    return store;
  }

  /** What to check when Firestore, or the emulator at {@code emulatorHost}, does not answer. */
  public static String unreachableHint(String emulatorHost) {
    return emulatorHost == null
        ? " (check credentials and network; for the emulator pass --emulator-host)"
        : " (is the emulator running? start it with scripts/emulator.sh start)";
  }

  /** A Firestore client for {@code project}, on the emulator at {@code emulatorHost} when not null. */
  public static Firestore client(String project, String emulatorHost) {
    return options(project, emulatorHost).build().getService();
  }

  /** The options of {@link #client}, for a caller that sets more (a database) before building. */
  public static FirestoreOptions.Builder options(String project, String emulatorHost) {
    FirestoreOptions.Builder options = FirestoreOptions.newBuilder().setProjectId(project);
    if (emulatorHost != null) {
      // setEmulatorHost brings its own emulator credentials; adding NoCredentials on top makes
      // client 3.33 dial firestore.googleapis.com instead of the emulator.
      options.setEmulatorHost(emulatorHost);
    }
    return options;
  }


  @Override
  public Optional<CacheDocument> get(String key) {
    DocumentSnapshot snapshot = await(collection.document(key).get(), "get " + key);
    return document(snapshot);
  }

  @Override
  public Map<String, CacheDocument> getAll(Collection<String> keys) {
    Map<String, CacheDocument> found = new HashMap<>();
    for (DocumentReference[] chunk : chunks(collection, keys)) {
      found.putAll(present(await(firestore.getAll(chunk), "getAll")));
    }
    return found;
  }

  /**
   * The read in flight holds no thread: the client library's future completes on gRPC's threads,
   * and the snapshot is parsed on {@code executor}.
   */
  @Override
  public CompletableFuture<Optional<CacheDocument>> getAsync(String key, Executor executor) {
    return completable(readCollection.document(key).get(), "get " + key, executor)
        .thenApply(FirestoreCacheStore::document);
  }

  /** True: the client library's futures complete on gRPC's threads; no thread waits on a read. */
  @Override
  public boolean nonBlockingReads() {
    return true;
  }

  /** One BatchGetDocuments per chunk of {@link #GET_ALL_CHUNK} keys, all in flight at once. */
  @Override
  public CompletableFuture<Map<String, CacheDocument>> getAllAsync(Collection<String> keys,
      Executor executor) {
    List<CompletableFuture<Map<String, CacheDocument>>> chunkReads = new ArrayList<>();
    for (DocumentReference[] chunk : chunks(readCollection, keys)) {
      chunkReads.add(completable(readClient.getAll(chunk), "getAll", executor)
          .thenApply(FirestoreCacheStore::present));
    }
    return CompletableFuture.allOf(chunkReads.toArray(CompletableFuture[]::new)).thenApply(done -> {
      Map<String, CacheDocument> found = new HashMap<>();
      chunkReads.forEach(read -> found.putAll(read.join()));
      return found;
    });
  }

  private static List<DocumentReference[]> chunks(CollectionReference collection, Collection<String> keys) {
    List<String> all = List.copyOf(keys);
    List<DocumentReference[]> chunks = new ArrayList<>();
    for (int from = 0; from < all.size(); from += GET_ALL_CHUNK) {
      chunks.add(all.subList(from, Math.min(all.size(), from + GET_ALL_CHUNK))
          .stream().map(collection::document).toArray(DocumentReference[]::new));
    }
    return chunks;
  }

  private static Optional<CacheDocument> document(DocumentSnapshot snapshot) {
    return snapshot.exists() ? Optional.of(decode(snapshot)) : Optional.empty();
  }

  private static Map<String, CacheDocument> present(List<DocumentSnapshot> snapshots) {
    Map<String, CacheDocument> found = new HashMap<>();
    for (DocumentSnapshot snapshot : snapshots) {
      if (snapshot.exists()) {
        found.put(snapshot.getId(), decode(snapshot));
      }
    }
    return found;
  }

  private static CacheDocument decode(DocumentSnapshot snapshot) {
    return UnreadableDocumentException.decoded(snapshot.getId(),
        () -> FirestoreCodec.fromClientFields(snapshot.getData()));
  }

  @Override
  public void write(List<CacheDocument> documents) {
    for (int from = 0; from < documents.size(); from += WRITE_BATCH) {
      WriteBatch batch = firestore.batch();
      for (CacheDocument document : documents.subList(from, Math.min(documents.size(), from + WRITE_BATCH))) {
        batch.set(collection.document(document.key()), FirestoreCodec.toClientFields(document));
      }
      await(batch.commit(), "write");
    }
  }

  @Override
  public void delete(Collection<String> keys) {
    List<String> all = List.copyOf(keys);
    for (int from = 0; from < all.size(); from += WRITE_BATCH) {
      WriteBatch batch = firestore.batch();
      all.subList(from, Math.min(all.size(), from + WRITE_BATCH))
          .forEach(key -> batch.delete(collection.document(key)));
      await(batch.commit(), "delete");
    }
  }

  @Override
  public List<String> keysWithPrefix(String prefix, int limit) {
    List<String> keys = new ArrayList<>();
    Query ordered = collection.orderBy(FieldPath.documentId());
    // An empty prefix is every key: Firestore has no document "" to start at.
    Query range = prefix.isEmpty() ? ordered : ordered.startAt(collection.document(prefix))
        .endBefore(collection.document(prefix + "\uf8ff"));
    for (QueryDocumentSnapshot snapshot : await(range.limit(limit).select(new String[0]).get(),
        "list " + prefix).getDocuments()) {
      keys.add(snapshot.getId());
    }
    return keys;
  }

  /**
   * The stamp of a stored document, under its id (the key it is stored under, whatever its
   * {@code key} field says). A field missing or of another type (a document edited by hand, as the
   * README suggests to have a run put it back) reads as {@link DocumentStamp#NO_HASH},
   * {@link DocumentStamp#NO_EXPIRY} or an unrecorded version, so that the run rewrites it.
   */
  static DocumentStamp stampOf(DocumentSnapshot snapshot, String job) {
    Object hash = snapshot.get(FirestoreCodec.CONTENT_HASH);
    Object expiresAt = snapshot.get(FirestoreCodec.EXPIRES_AT);
    Object version = snapshot.get(FirestoreCodec.SCHEMA_VERSION);
    return new DocumentStamp(snapshot.getId(), job,
        hash instanceof String text ? text : DocumentStamp.NO_HASH,
        expiresAt instanceof com.google.cloud.Timestamp timestamp
            ? Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos())
            : DocumentStamp.NO_EXPIRY,
        version instanceof Long number ? number.intValue() : 0);
  }

  @Override
  public void forEachStamp(String job, Consumer<DocumentStamp> action) {
    // A projection query in pages: Firestore bills one read per document, no payload crosses the
    // wire, and no single call outlives the client's timeout on a job of millions of documents.
    Query query = collection.whereEqualTo(FirestoreCodec.JOB, job).orderBy(FieldPath.documentId())
        .select(FirestoreCodec.CONTENT_HASH, FirestoreCodec.EXPIRES_AT,
            FirestoreCodec.SCHEMA_VERSION)
        .limit(STAMP_PAGE);
    List<QueryDocumentSnapshot> page;
    do {
      page = await(query.get(), "list the documents of job " + job).getDocuments();
      for (QueryDocumentSnapshot snapshot : page) {
        action.accept(stampOf(snapshot, job));
      }
      if (!page.isEmpty()) {
        query = query.startAfter(page.get(page.size() - 1));
      }
    } while (page.size() == STAMP_PAGE);
  }

  @Override
  public String describe() {
    return spec.toString();
  }

  @Override
  public void close() {
    closeQuietly(firestore);
    closeQuietly(readClient);
  }

  private static void closeQuietly(Firestore client) {
    try {
      client.close();
    } catch (Exception ignored) {
      // Closing on shutdown: nothing left to save.
    }
  }

  private <T> T await(ApiFuture<T> future, String what) {
    return await(future, TIMEOUT_SECONDS, describe(), what);
  }

  /**
   * The result of {@code future} within {@code seconds}, for this package's Firestore classes.
   *
   * @throws StoreUnavailableException naming {@code description} and {@code what} failed
   */
  static <T> T await(ApiFuture<T> future, long seconds, String description, String what) {
    try {
      return future.get(seconds, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreUnavailableException(description + ": interrupted during " + what, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new StoreUnavailableException(description + ": " + what + " failed: " + rootMessage(e), e);
    }
  }

  /**
   * {@code future} as a CompletableFuture completing on {@code executor}, failing with a
   * {@link StoreUnavailableException} as {@link #await} would throw (the caller bounds the wait),
   * marked {@linkplain StoreUnavailableException#unreachable() unreachable} when it says so.
   */
  private <T> CompletableFuture<T> completable(ApiFuture<T> future, String what, Executor executor) {
    CompletableFuture<T> result = new CompletableFuture<>();
    ApiFutures.addCallback(future, new ApiFutureCallback<T>() {
      @Override
      public void onSuccess(T value) {
        result.complete(value);
      }

      @Override
      public void onFailure(Throwable failure) {
        result.completeExceptionally(new StoreUnavailableException(
            describe() + ": " + what + " failed: " + rootMessage(failure), failure,
            FirestoreReads.unreachable(failure)));
      }
    }, executor);
    return result;
  }

  /** The deepest cause's class and message: what the client library's wrappers are about. */
  static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
  }
}
