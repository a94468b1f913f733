package com.avalo.precompute.source;

import java.io.Serializable;
import java.time.Instant;
import java.util.Comparator;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The app's source records as the jobs see them, whichever source (file export or Firestore)
 * they came from. Field meanings are those of {@code ../shared/data-model.md}.
 */
public final class SourceRecords {
  private SourceRecords() {}

  /** Every source record has its document id. */
  public interface SourceRecord extends Serializable {
    String id();

    /**
     * What no two records of the collection share: the id, or where Firestore keeps the
     * collection under other documents (messages under their chat), the id within its parent.
     */
    default String uniqueId() {
      return id();
    }
  }

  /** Gender, as in {@code users.gender} and {@code users.interestedIn}. */
  public enum Gender { female, male, nonbinary }

  /** Account status. */
  public enum UserStatus { active, suspended, deleted }

  /** What a like record expresses. */
  public enum LikeKind { like, superlike, pass }

  /** Purchase status: a refund is its own record with status {@code refunded}. */
  public enum PurchaseStatus { completed, refunded }

  /** Where an {@code api_call} was answered from. */
  public enum CacheLayer { memory, firestore, origin, none }

  public record User(
      String id,
      String displayName,
      LocalDate birthDate,
      Gender gender,
      Set<Gender> interestedIn,
      int ageMin,
      int ageMax,
      int maxDistanceKm,
      double lat,
      double lng,
      String city,
      List<String> interests,
      int photoCount,
      String bio,
      boolean verified,
      Instant createdAt,
      Instant lastActiveAt,
      UserStatus status) implements SourceRecord {}

  public record Like(String id, String fromUserId, String toUserId, LikeKind kind, Instant createdAt)
      implements SourceRecord {}

  public record Block(String id, String fromUserId, String toUserId, Instant createdAt)
      implements SourceRecord {}

  public record Match(String id, List<String> userIds, Instant createdAt, String chatId)
      implements SourceRecord {}

  public record Chat(
      String id, List<String> participants, Instant createdAt, Instant lastActivityAt,
      Map<String, Instant> lastReadAt) implements SourceRecord {}

  public record Message(String id, String chatId, String senderId, String text, Instant sentAt)
      implements SourceRecord {
    /**
     * Oldest first; among messages sent at the same instant the greatest id is the last. A message
     * given twice under one id (messages are grouped by id only with --dedupeAllCollections) is
     * ordered by sender and text, so which copy a job takes never depends on the order a runner
     * gives them.
     */
    public static final Comparator<Message> SENT_ORDER = Comparator.comparing(Message::sentAt)
        .thenComparing(Message::id).thenComparing(Message::senderId).thenComparing(Message::text);

    /**
     * The chat and the message id: Firestore holds a message at chats/{chatId}/messages/{id}, so
     * its id is unique within its chat only (an export may number each chat's messages 1, 2, ...).
     */
    @Override
    public String uniqueId() {
      return chatId + "/" + id;
    }
  }

  public record Media(String id, String url, int width, int height) implements Serializable {}

  public record Post(String id, String authorId, String text, List<Media> media, Instant createdAt)
      implements SourceRecord {}

  public record Purchase(
      String id, String userId, String productId, long tokens, long amountMinor, String currency,
      PurchaseStatus status, Instant createdAt) implements SourceRecord {}

  public record Spend(String id, String userId, long tokens, String reason, Instant createdAt)
      implements SourceRecord {}

  /**
   * An app event. {@code endpoint}, {@code latencyMs}, {@code cacheLayer} and {@code ok} are set
   * for {@code api_call} events and null otherwise.
   */
  public record Event(
      String id, String type, String userId, Instant at, String endpoint, Long latencyMs,
      CacheLayer cacheLayer, Boolean ok) implements SourceRecord {}
}
