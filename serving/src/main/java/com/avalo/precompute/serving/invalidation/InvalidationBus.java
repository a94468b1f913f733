package com.avalo.precompute.serving.invalidation;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Carries invalidations between the instances of the serving tier: when one instance drops a key
 * or prefix from its memory tier, every other instance drops it too. A
 * {@link com.avalo.precompute.serving.CacheClient} owns one bus: it starts it once, publishes
 * every invalidation it applies locally, and closes it when the client closes.
 *
 * <p>Implementations: {@link LocalInvalidationBus} for one instance (or several clients in one
 * process), {@link FirestoreInvalidationBus} across processes through a Firestore collection.
 */
public interface InvalidationBus extends AutoCloseable {

  /**
   * Starts delivering the keys and prefixes that <em>other</em> instances publish to
   * {@code listener}; an instance's own publications are not delivered back to it. Called once.
   */
  void start(Consumer<String> listener);

  /**
   * Tells the other instances to drop {@code keyOrPrefix}. Completes when the bus has accepted the
   * message (for Firestore: the write is committed), exceptionally when it could not be sent.
   */
  CompletableFuture<Void> publish(String keyOrPrefix);

  /** Stops listening and releases the bus's resources. */
  @Override
  void close();
}
