package com.avalo.precompute.seed;

import java.util.Set;

/**
 * The source collections of the data contract ({@code shared/data-model.md}) as the seed writes
 * them: one NDJSON file per collection, and the fields that hold RFC 3339 timestamps (which the
 * Firestore loader turns into Firestore timestamps).
 */
public enum SeedCollection {
  USERS("users", Set.of("createdAt", "lastActiveAt")),
  LIKES("likes", Set.of("createdAt")),
  BLOCKS("blocks", Set.of("createdAt")),
  MATCHES("matches", Set.of("createdAt")),
  /** {@code lastReadAt} is a map whose values are timestamps. */
  CHATS("chats", Set.of("createdAt", "lastActivityAt", "lastReadAt")),
  /** Lives under {@code chats/{chatId}/messages}; the file carries {@code chatId} instead. */
  MESSAGES("messages", Set.of("sentAt")),
  POSTS("posts", Set.of("createdAt")),
  PURCHASES("purchases", Set.of("createdAt")),
  SPENDS("spends", Set.of("createdAt")),
  EVENTS("events", Set.of("at"));

  private final String collectionName;
  private final Set<String> timestampFields;

  SeedCollection(String collectionName, Set<String> timestampFields) {
    this.collectionName = collectionName;
    this.timestampFields = timestampFields;
  }

  /** The Firestore collection id, and the manifest's name for it. */
  public String collectionName() {
    return collectionName;
  }

  /** {@code users.ndjson}, ... */
  public String fileName() {
    return collectionName + ".ndjson";
  }

  /** Top-level fields whose values (or, for maps, whose map values) are timestamps. */
  public Set<String> timestampFields() {
    return timestampFields;
  }
}
