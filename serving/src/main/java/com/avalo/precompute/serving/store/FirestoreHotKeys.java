package com.avalo.precompute.serving.store;

import com.google.cloud.Timestamp;
import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Hot keys in one Firestore document ({@value #DEFAULT_COLLECTION}/{@code hot-keys-NAME}), shared
 * by the instances of a deployment: whichever saved last wins, which is good enough since they
 * serve the same traffic. The keys are one newline-separated string field rather than an array,
 * so that Firestore does not index every key; the list is cut to stay under
 * {@value #MAX_CHARS} characters, well within a document's 1 MiB.
 */
public final class FirestoreHotKeys implements HotKeys {
  /** The collection of serving state unless another is given. */
  public static final String DEFAULT_COLLECTION = "precompute_serving_state";
  static final int MAX_CHARS = 800_000;
  private static final long TIMEOUT_SECONDS = 10;

  private final DocumentReference document;
  private final Firestore ownClient;

  /**
   * @param firestore a client the caller owns
   * @param name the deployment's name (the cache name), so that deployments keep their own lists
   */
  public FirestoreHotKeys(Firestore firestore, String collection, String name) {
    this(firestore, collection, name, null);
  }

  private FirestoreHotKeys(Firestore firestore, String collection, String name, Firestore ownClient) {
    this.document = firestore.collection(collection).document("hot-keys-" + name);
    this.ownClient = ownClient;
  }

  /** The hot keys of deployment {@code name} in the Firestore {@code spec} names, on a client of their own. */
  static FirestoreHotKeys open(FirestoreStoreSpec spec, String name) {
    Firestore client = FirestoreCacheStore.client(spec.project(), spec.emulatorHost());
    return new FirestoreHotKeys(client, DEFAULT_COLLECTION, name, client);
  }

  @Override
  public void close() {
    if (ownClient != null) {
      try {
        ownClient.close();
      } catch (Exception ignored) {
        // Closing on shutdown: nothing left to save.
      }
    }
  }

  @Override
  public List<String> load() {
    DocumentSnapshot snapshot = await(document.get(), "read");
    String keys = snapshot.exists() ? snapshot.getString("keys") : null;
    return keys == null || keys.isEmpty() ? List.of() : Arrays.asList(keys.split("\n"));
  }

  @Override
  public void save(List<String> keys) {
    List<String> kept = new ArrayList<>();
    int chars = 0;
    for (String key : keys) {
      chars += key.length() + 1;
      if (chars > MAX_CHARS) {
        break;
      }
      kept.add(key);
    }
    await(document.set(Map.of("keys", String.join("\n", kept), "count", kept.size(),
        "savedAt", Timestamp.now())), "write");
  }

  @Override
  public String describe() {
    return "firestore " + document.getPath();
  }

  private <T> T await(com.google.api.core.ApiFuture<T> future, String what) {
    try {
      return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during the " + what + " of " + describe(), e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("the " + what + " of " + describe() + " failed: " + e, e);
    }
  }
}
