package com.avalo.precompute.serving.invalidation;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * An in-process bus. {@link #single()} is the bus of a lone instance: publishing reaches nobody
 * else, because there is nobody else. Clients that share one process (or a test standing in for
 * several instances) each {@link Hub#join()} the same {@link Hub}: a publication is delivered to
 * every other member, synchronously, before {@link #publish} returns.
 */
public final class LocalInvalidationBus implements InvalidationBus {
  private final Hub hub;
  private volatile Consumer<String> listener;

  private LocalInvalidationBus(Hub hub) {
    this.hub = hub;
  }

  /** The bus of a single instance. */
  public static LocalInvalidationBus single() {
    return new Hub().join();
  }

  /** A new hub that clients in one process join to invalidate each other. */
  public static Hub hub() {
    return new Hub();
  }

  @Override
  public void start(Consumer<String> newListener) {
    listener = newListener;
  }

  @Override
  public CompletableFuture<Void> publish(String keyOrPrefix) {
    for (LocalInvalidationBus member : hub.members) {
      Consumer<String> other = member.listener;
      if (member != this && other != null) {
        other.accept(keyOrPrefix);
      }
    }
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public void close() {
    hub.members.remove(this);
  }

  /** The members of one in-process bus. */
  public static final class Hub {
    private final List<LocalInvalidationBus> members = new CopyOnWriteArrayList<>();

    private Hub() {}

    /** A new member: the bus to hand to one client. */
    public LocalInvalidationBus join() {
      LocalInvalidationBus member = new LocalInvalidationBus(this);
      members.add(member);
      return member;
    }
  }
}
