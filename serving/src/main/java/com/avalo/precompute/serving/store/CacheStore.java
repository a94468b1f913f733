package com.avalo.precompute.serving.store;

import com.avalo.precompute.schemas.CacheDocument;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Where cache documents live: the one interface the pipelines write to and {@code serving} reads
 * from. Implementations: {@link SqliteCacheStore} (the embedded default) and
 * {@link FirestoreCacheStore}. Open one with {@link CacheStores#open(StoreSpec)}.
 *
 * <p>Reads return documents as stored, expired or not: whether a document is fresh is the
 * reader's decision ({@link CacheDocument#isFreshAt}), because Firestore's TTL policy deletes
 * expired documents only eventually.
 */
public interface CacheStore extends AutoCloseable {

  /** The document stored under {@code key}, if any. */
  Optional<CacheDocument> get(String key);

  /**
   * The documents stored under {@code keys}, in one batched read per chunk of keys rather than
   * one read per key. Keys with no document are absent from the result.
   */
  Map<String, CacheDocument> getAll(Collection<String> keys);

  /**
   * {@link #get} without waiting: completes, on {@code executor}, with the document or with the
   * {@link StoreUnavailableException} a {@code get} would throw. This default runs {@code get} on
   * {@code executor}, holding one of its threads for the whole read; a store whose client is
   * non-blocking overrides it so that no thread waits while the read is in flight.
   */
  default CompletableFuture<Optional<CacheDocument>> getAsync(String key, Executor executor) {
    return CompletableFuture.supplyAsync(() -> get(key), executor);
  }

  /**
   * Whether {@link #getAsync} and {@link #getAllAsync} hold no thread while a read is in flight,
   * so that a caller may pass a direct executor and have the answer handled on the thread that
   * delivers it. False by default: the defaults run the blocking reads on the executor.
   */
  default boolean nonBlockingReads() {
    return false;
  }

  /** {@link #getAll} without waiting; see {@link #getAsync}. */
  default CompletableFuture<Map<String, CacheDocument>> getAllAsync(Collection<String> keys,
      Executor executor) {
    return CompletableFuture.supplyAsync(() -> getAll(keys), executor);
  }

  /** Inserts or replaces documents by key. */
  void write(List<CacheDocument> documents);

  /**
   * Inserts or replaces documents already rendered to JSON, by key. This default parses them back;
   * a store that keeps the JSON as it is (the embedded store) stores it without touching it.
   */
  default void writeRendered(List<RenderedDocument> documents) {
    write(documents.stream().map(RenderedDocument::parse).toList());
  }

  /** Deletes documents by key; deleting a key that has no document is not an error. */
  void delete(Collection<String> keys);

  /** Keys of the documents whose key starts with {@code prefix} (segment-blind), sorted. */
  List<String> keysWithPrefix(String prefix, int limit);

  /**
   * Hands {@code action} the stamp of every document {@code job} wrote, in no particular order,
   * without reading payloads where the store can avoid it: the one read of a job's keys that a
   * run makes when it has no manifest to trust. This default lists every key and reads the
   * documents in chunks; stores override it with a query on the {@code job} field.
   */
  default void forEachStamp(String job, Consumer<DocumentStamp> action) {
    List<String> keys = keysWithPrefix("", Integer.MAX_VALUE);
    for (int from = 0; from < keys.size(); from += 500) {
      for (CacheDocument document : getAll(keys.subList(from, Math.min(keys.size(), from + 500)))
          .values()) {
        if (document.job().equals(job)) {
          action.accept(new DocumentStamp(document.key(), document.job(), document.contentHash(),
              document.expiresAt(), document.schemaVersion()));
        }
      }
    }
  }

  /** A short description for logs and summaries, e.g. {@code sqlite:/tmp/cache.db}. */
  String describe();

  @Override
  void close();
}
