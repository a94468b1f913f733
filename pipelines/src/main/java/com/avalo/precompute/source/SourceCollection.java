package com.avalo.precompute.source;

import com.avalo.precompute.source.SourceRecords.Block;
import com.avalo.precompute.source.SourceRecords.CacheLayer;
import com.avalo.precompute.source.SourceRecords.Chat;
import com.avalo.precompute.source.SourceRecords.Event;
import com.avalo.precompute.source.SourceRecords.Gender;
import com.avalo.precompute.source.SourceRecords.Like;
import com.avalo.precompute.source.SourceRecords.LikeKind;
import com.avalo.precompute.source.SourceRecords.Match;
import com.avalo.precompute.source.SourceRecords.Media;
import com.avalo.precompute.source.SourceRecords.Message;
import com.avalo.precompute.source.SourceRecords.Post;
import com.avalo.precompute.source.SourceRecords.Purchase;
import com.avalo.precompute.source.SourceRecords.PurchaseStatus;
import com.avalo.precompute.source.SourceRecords.SourceRecord;
import com.avalo.precompute.source.SourceRecords.Spend;
import com.avalo.precompute.source.SourceRecords.User;
import com.avalo.precompute.source.SourceRecords.UserStatus;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.Serializable;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One of the app's source collections: where it is read from, how a record is parsed and checked,
 * and which users it refers to (a record whose users do not exist is dead-lettered).
 *
 * @param <T> the record type
 */
public final class SourceCollection<T extends SourceRecord> implements Serializable {

  /** Parses one record from its fields; throws with the dead-letter reason. */
  @FunctionalInterface
  interface Parser<T> extends Serializable {
    T parse(RecordFields fields) throws BadRecordException;
  }

  /**
   * A parsed record and the names of its top-level fields the parser did not read: fields the app
   * added that no job knows yet, or a misspelt optional field.
   */
  public record Parsed<T>(T record, List<String> unreadFields) {}

  /** When a record came to be: what a run's as-of compares with. */
  @FunctionalInterface
  public interface Dating<T> extends Serializable {
    java.time.Instant of(T record);
  }

  /** The user ids a record refers to, each of which must exist. */
  @FunctionalInterface
  public interface UserReferences<T> extends Serializable {
    List<String> of(T record);
  }

  /** The earliest birth date taken as real: a person born before would be over 120 now. */
  static final LocalDate EARLIEST_BIRTH_DATE = LocalDate.of(1900, 1, 1);
  /** How a chat's read marker of a non-participant is counted among the fields not read. */
  static final String NON_PARTICIPANT_READ = "lastReadAt of a non-participant";

  public static final SourceCollection<User> USERS = new SourceCollection<>("users", User.class,
      SourceCollection::parseUser, user -> List.of(), User::createdAt);
  public static final SourceCollection<Like> LIKES = new SourceCollection<>("likes", Like.class,
      SourceCollection::parseLike, like -> List.of(like.fromUserId(), like.toUserId()),
      Like::createdAt);
  public static final SourceCollection<Block> BLOCKS = new SourceCollection<>("blocks",
      Block.class, SourceCollection::parseBlock, b -> List.of(b.fromUserId(), b.toUserId()),
      Block::createdAt);
  public static final SourceCollection<Match> MATCHES = new SourceCollection<>("matches",
      Match.class, SourceCollection::parseMatch, Match::userIds, Match::createdAt);
  public static final SourceCollection<Chat> CHATS = new SourceCollection<>("chats", Chat.class,
      SourceCollection::parseChat, Chat::participants, Chat::createdAt);
  public static final SourceCollection<Message> MESSAGES = new SourceCollection<>("messages",
      Message.class, SourceCollection::parseMessage, m -> List.of(m.senderId()), Message::sentAt);
  public static final SourceCollection<Post> POSTS = new SourceCollection<>("posts", Post.class,
      SourceCollection::parsePost, p -> List.of(p.authorId()), Post::createdAt);
  public static final SourceCollection<Purchase> PURCHASES = new SourceCollection<>("purchases",
      Purchase.class, SourceCollection::parsePurchase, p -> List.of(p.userId()),
      Purchase::createdAt);
  public static final SourceCollection<Spend> SPENDS = new SourceCollection<>("spends",
      Spend.class, SourceCollection::parseSpend, s -> List.of(s.userId()), Spend::createdAt);
  public static final SourceCollection<Event> EVENTS = new SourceCollection<>("events",
      Event.class, SourceCollection::parseEvent, e -> List.of(e.userId()), Event::at);

  public static final List<SourceCollection<?>> ALL =
      List.of(USERS, LIKES, BLOCKS, MATCHES, CHATS, MESSAGES, POSTS, PURCHASES, SPENDS, EVENTS);
  // Looked up per record (a count's as-of), so by map rather than by scanning ALL.
  private static final Map<String, SourceCollection<?>> BY_NAME = ALL.stream()
      .collect(Collectors.toUnmodifiableMap(SourceCollection::name, collection -> collection));

  private final String name;
  private final Class<T> recordClass;
  private final Parser<T> parser;
  private final UserReferences<T> userReferences;
  private final Dating<T> dating;

  private SourceCollection(String name, Class<T> recordClass, Parser<T> parser,
      UserReferences<T> userReferences, Dating<T> dating) {
    this.name = name;
    this.recordClass = recordClass;
    this.parser = parser;
    this.userReferences = userReferences;
    this.dating = dating;
  }

  /** The collection name: the Firestore collection (group) and the export file's stem. */
  public String name() {
    return name;
  }

  /** The file of the export holding this collection. */
  public String fileName() {
    return name + ".ndjson";
  }

  public Class<T> recordClass() {
    return recordClass;
  }

  public T parse(JsonNode node) throws BadRecordException {
    return parseNotingUnread(node).record();
  }

  /** Parses one record, and says which of its fields the parser did not read. */
  public Parsed<T> parseNotingUnread(JsonNode node) throws BadRecordException {
    RecordFields fields = new RecordFields(node);
    T record = parser.parse(fields);
    return new Parsed<>(record, fields.unread());
  }

  public List<String> userReferences(T record) {
    return userReferences.of(record);
  }

  /**
   * When {@code record} came to be (a like's or post's {@code createdAt}, a message's
   * {@code sentAt}, an event's {@code at}): the one field every job compares with its as-of.
   */
  public java.time.Instant datedAt(T record) {
    return dating.of(record);
  }

  /** Looks a collection up by name. */
  public static SourceCollection<?> named(String name) {
    SourceCollection<?> collection = BY_NAME.get(name);
    if (collection == null) {
      throw new IllegalArgumentException("unknown collection '" + name + "'; known: "
          + ALL.stream().map(SourceCollection::name).toList());
    }
    return collection;
  }

  @Override
  public String toString() {
    return name;
  }

  static User parseUser(RecordFields f) throws BadRecordException {
    RecordFields location = f.object("location");
    User user = new User(f.keyId(), f.string("displayName"), f.date("birthDate"),
        f.enumValue("gender", Gender.class), f.enumSet("interestedIn", Gender.class),
        f.smallInteger("ageMin"), f.smallInteger("ageMax"), f.smallInteger("maxDistanceKm"),
        location.number("lat"), location.number("lng"), f.string("city"), f.strings("interests"),
        f.smallInteger("photoCount"), f.optionalString("bio", ""), f.bool("verified"),
        f.instant("createdAt"), f.instant("lastActiveAt"), f.enumValue("status", UserStatus.class));
    if (user.ageMin() > user.ageMax()) {
      throw new BadRecordException("ageMin " + user.ageMin() + " is above ageMax " + user.ageMax());
    }
    if (Math.abs(user.lat()) > 90 || Math.abs(user.lng()) > 180) {
      throw new BadRecordException("location is not a valid lat/lng: " + user.lat() + "," + user.lng());
    }
    if (user.maxDistanceKm() < 0 || user.photoCount() < 0) {
      throw new BadRecordException("maxDistanceKm and photoCount must not be negative");
    }
    // "Unknown" written as a zero date (Go's and .NET's 0001-01-01) would be an age of 2025.
    if (user.birthDate().isBefore(EARLIEST_BIRTH_DATE)) {
      throw new BadRecordException("birthDate " + user.birthDate() + " is before "
          + EARLIEST_BIRTH_DATE + ": a placeholder for an unknown date, not an age a card can show");
    }
    // A typo such as 2031 for 2013 would give a negative age on every card of the user.
    if (user.birthDate().isAfter(LocalDate.ofInstant(user.createdAt(), ZoneOffset.UTC))) {
      throw new BadRecordException("birthDate " + user.birthDate()
          + " is after the account was created (createdAt " + user.createdAt() + ")");
    }
    return user;
  }

  static Like parseLike(RecordFields f) throws BadRecordException {
    Like like = new Like(f.id(), f.string("fromUserId"), f.string("toUserId"),
        f.enumValue("kind", LikeKind.class), f.instant("createdAt"));
    requireTwoUsers("like", like.fromUserId(), like.toUserId());
    return like;
  }

  static Block parseBlock(RecordFields f) throws BadRecordException {
    Block block = new Block(f.id(), f.string("fromUserId"), f.string("toUserId"),
        f.instant("createdAt"));
    // A block hides a pair of users from each other; one of a user alone hides nothing.
    requireTwoUsers("block", block.fromUserId(), block.toUserId());
    return block;
  }

  /** A like or block is between two users: one of a user by themself no job can use. */
  private static void requireTwoUsers(String action, String from, String to)
      throws BadRecordException {
    if (from.equals(to)) {
      throw new BadRecordException("a user cannot " + action + " themself: " + ReasonText.quote(from));
    }
  }

  static Match parseMatch(RecordFields f) throws BadRecordException {
    List<String> userIds = twoDistinct("userIds", f.strings("userIds"));
    String chatId = f.optionalString("chatId", null);
    // Apps write "" before the pair's chat exists: that is no chat yet, not a chat named "".
    return new Match(f.id(), userIds, f.instant("createdAt"),
        chatId == null || chatId.isEmpty() ? null : chatId);
  }

  static Chat parseChat(RecordFields f) throws BadRecordException {
    List<String> participants = twoDistinct("participants", f.strings("participants"));
    Map<String, java.time.Instant> lastReadAt = f.instantMap("lastReadAt");
    // A read marker of someone who is not in the chat (left behind by an app that changed its
    // participants) says nothing about the chat: left out and counted as a field not read,
    // rather than refusing the chat and with it every message in it.
    if (lastReadAt.keySet().removeIf(reader -> !participants.contains(reader))) {
      f.leftOut(NON_PARTICIPANT_READ);
    }
    java.time.Instant createdAt = f.instant("createdAt");
    java.time.Instant lastActivityAt =
        f.has("lastActivityAt") ? f.instant("lastActivityAt") : createdAt;
    return new Chat(f.id(), participants, createdAt, lastActivityAt, lastReadAt);
  }

  static Message parseMessage(RecordFields f) throws BadRecordException {
    return new Message(f.id(), f.string("chatId"), f.string("senderId"),
        f.optionalString("text", ""), f.instant("sentAt"));
  }

  static Post parsePost(RecordFields f) throws BadRecordException {
    List<Media> media = new ArrayList<>();
    if (f.has("media")) {
      for (JsonNode item : f.array("media")) {
        RecordFields m = new RecordFields(item);
        Media medium = new Media(m.keyId(), m.string("url"), m.smallInteger("width"),
            m.smallInteger("height"));
        if (medium.url().isEmpty()) {
          throw new BadRecordException("media '" + ReasonText.quote(medium.id()) + "' has no url");
        }
        if (medium.width() < 0 || medium.height() < 0) {
          throw new BadRecordException("media '" + ReasonText.quote(medium.id())
              + "' has a negative size: " + medium.width() + "x" + medium.height());
        }
        media.add(medium);
      }
    }
    return new Post(f.keyId(), f.string("authorId"), f.optionalString("text", ""), media,
        f.instant("createdAt"));
  }

  static Purchase parsePurchase(RecordFields f) throws BadRecordException {
    String currency = f.string("currency");
    if (!currency.matches("[A-Z]{3}")) {
      throw new BadRecordException(
          "currency '" + ReasonText.quote(currency) + "' is not an ISO 4217 code");
    }
    return new Purchase(f.id(), f.string("userId"), f.string("productId"),
        f.quantity("tokens"), f.quantity("amountMinor"), currency,
        f.enumValue("status", PurchaseStatus.class), f.instant("createdAt"));
  }

  static Spend parseSpend(RecordFields f) throws BadRecordException {
    return new Spend(f.id(), f.string("userId"), f.quantity("tokens"),
        f.optionalString("reason", ""), f.instant("createdAt"));
  }

  static Event parseEvent(RecordFields f) throws BadRecordException {
    String type = f.string("type");
    if (!type.equals("api_call")) {
      return new Event(f.id(), type, f.string("userId"), f.instant("at"), null, null, null, null);
    }
    return new Event(f.id(), type, f.string("userId"), f.instant("at"), f.string("endpoint"),
        f.integer("latencyMs"), f.enumValue("cacheLayer", CacheLayer.class), f.bool("ok"));
  }

  private static List<String> twoDistinct(String field, List<String> ids) throws BadRecordException {
    if (ids.size() != 2 || ids.get(0).equals(ids.get(1))) {
      throw new BadRecordException(
          "field '" + field + "' must hold two different user ids: " + ReasonText.quote(ids));
    }
    return ids;
  }
}
