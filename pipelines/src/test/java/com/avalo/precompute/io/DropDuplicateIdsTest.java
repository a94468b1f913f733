package com.avalo.precompute.io;

import com.avalo.precompute.source.SourceCollection;
import com.avalo.precompute.source.SourceRecords.Chat;
import com.avalo.precompute.source.SourceRecords.Message;
import java.time.Instant;
import java.util.List;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.Rule;
import org.junit.Test;

/**
 * One record per id comes out, the same one whatever order the group gives; every other record
 * of the id is a dead letter saying why.
 */
public class DropDuplicateIdsTest {
  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  private static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  public void aDuplicatedIdKeepsTheFirstRecordByContentAndDeadLettersTheRest() {
    List<Chat> chats = List.of(
        new Chat("c1", List.of("u1", "u2"), AT, AT, java.util.Map.of()),
        // c2 three times; the one kept, first by content ("u3" < "u5" < "u6"), comes last here.
        new Chat("c2", List.of("u6", "u4"), AT, AT, java.util.Map.of()),
        new Chat("c2", List.of("u5", "u4"), AT, AT, java.util.Map.of()),
        new Chat("c2", List.of("u3", "u4"), AT, AT, java.util.Map.of()));
    DropDuplicateIds<Chat> dedupe = new DropDuplicateIds<>("test", SourceCollection.CHATS, AT);
    PCollectionTuple kept = pipeline
        .apply(Create.of(chats).withCoder(RecordCoder.of(Chat.class)))
        .apply(dedupe);

    PAssert.that(kept.get(dedupe.keptTag())
            .apply("Kept", MapElements.into(TypeDescriptors.strings())
                .via(chat -> chat.id() + " " + chat.participants())))
        .containsInAnyOrder("c1 [u1, u2]", "c2 [u3, u4]");
    PAssert.that(kept.get(ParseRecords.DEAD_LETTERS)
            .apply("Letters", MapElements.into(TypeDescriptors.strings())
                .via(letter -> letter.origin() + " | " + letter.reason() + " | "
                    + letter.payload().contains("\"u3\""))))
        .containsInAnyOrder(
            "chats/c2 | duplicate id: 3 records of chats have the id 'c2'; one was used (one dated"
                + " by the as-of if any was, then for users the one that hides the account most,"
                + " then the first by content), this one (2 of 3) was left out | false",
            "chats/c2 | duplicate id: 3 records of chats have the id 'c2'; one was used (one dated"
                + " by the as-of if any was, then for users the one that hides the account most,"
                + " then the first by content), this one (3 of 3) was left out | false");
    pipeline.run();
  }

  /**
   * The jobs drop records dated after the as-of once ids are unique: a copy dated after it, kept
   * for coming first by content, took the id out of a backfill although the other copy was there
   * by then.
   */
  @Test
  public void aCopyDatedByTheAsOfIsKeptBeforeOneDatedAfterIt() {
    Instant later = AT.plus(java.time.Duration.ofDays(2));
    List<Chat> chats = List.of(
        new Chat("c3", List.of("u1", "u2"), later, later, java.util.Map.of()),
        new Chat("c3", List.of("u3", "u4"), AT, AT, java.util.Map.of()));
    DropDuplicateIds<Chat> dedupe = new DropDuplicateIds<>("test", SourceCollection.CHATS,
        AT.plus(java.time.Duration.ofDays(1)));
    PCollectionTuple kept = pipeline
        .apply(Create.of(chats).withCoder(RecordCoder.of(Chat.class)))
        .apply(dedupe);

    PAssert.that(kept.get(dedupe.keptTag())
            .apply("Kept", MapElements.into(TypeDescriptors.strings())
                .via(chat -> chat.id() + " " + chat.participants())))
        .containsInAnyOrder("c3 [u3, u4]");
    PAssert.that(kept.get(ParseRecords.DEAD_LETTERS)
            .apply("Letters", MapElements.into(TypeDescriptors.strings())
                .via(letter -> letter.origin() + " " + letter.payload().contains("\"u1\""))))
        .containsInAnyOrder("chats/c3 true");
    pipeline.run();
  }

  /**
   * Two exports concatenated hold an account deleted between them as an active copy too, which
   * came first by content and gave the account public cards again.
   */
  @Test
  public void ofTwoCopiesOfAUserTheOneThatHidesTheAccountIsKept() {
    List<com.avalo.precompute.source.SourceRecords.User> users = List.of(
        user("u1", com.avalo.precompute.source.SourceRecords.UserStatus.active),
        user("u1", com.avalo.precompute.source.SourceRecords.UserStatus.deleted),
        user("u2", com.avalo.precompute.source.SourceRecords.UserStatus.active),
        user("u2", com.avalo.precompute.source.SourceRecords.UserStatus.suspended));
    DropDuplicateIds<com.avalo.precompute.source.SourceRecords.User> dedupe =
        new DropDuplicateIds<>("test", SourceCollection.USERS, AT);
    PCollectionTuple kept = pipeline
        .apply(Create.of(users).withCoder(
            RecordCoder.of(com.avalo.precompute.source.SourceRecords.User.class)))
        .apply(dedupe);
    PAssert.that(kept.get(dedupe.keptTag())
            .apply("Kept", MapElements.into(TypeDescriptors.strings())
                .via(user -> user.id() + " " + user.status())))
        .containsInAnyOrder("u1 deleted", "u2 suspended");
    pipeline.run();
  }

  private static com.avalo.precompute.source.SourceRecords.User user(String id,
      com.avalo.precompute.source.SourceRecords.UserStatus status) {
    var gender = com.avalo.precompute.source.SourceRecords.Gender.female;
    return new com.avalo.precompute.source.SourceRecords.User(id, "User " + id,
        java.time.LocalDate.parse("1996-11-21"), gender, java.util.Set.of(gender), 25, 40, 50,
        38.7, -9.1, "Lisbon", List.of("hiking"), 3, "", true, AT, AT, status);
  }

  /** Firestore holds messages under their chat: the same id in two chats is two messages. */
  @Test
  public void messagesOfOneIdInTwoChatsAreBothKeptAndTwiceInOneChatAreNot() {
    List<Message> messages = List.of(
        new Message("m1", "c1", "u1", "hi", AT),
        new Message("m1", "c2", "u3", "hello", AT),
        new Message("m1", "c2", "u3", "hello again", AT));
    DropDuplicateIds<Message> dedupe = new DropDuplicateIds<>("test", SourceCollection.MESSAGES, AT);
    PCollectionTuple kept = pipeline
        .apply(Create.of(messages).withCoder(RecordCoder.of(Message.class)))
        .apply(dedupe);

    PAssert.that(kept.get(dedupe.keptTag())
            .apply("Kept", MapElements.into(TypeDescriptors.strings())
                .via(message -> message.chatId() + "/" + message.id() + " " + message.text())))
        .containsInAnyOrder("c1/m1 hi", "c2/m1 hello again");
    PAssert.that(kept.get(ParseRecords.DEAD_LETTERS)
            .apply("Letters", MapElements.into(TypeDescriptors.strings())
                .via(letter -> letter.origin() + " | " + letter.reason())))
        .containsInAnyOrder("messages/c2/m1 | duplicate id: 2 records of messages have the id"
            + " 'c2/m1'; one was used (one dated by the as-of if any was, then for users the one that hides the"
            + " account most, then the first by"
            + " content), this one (2 of 2) was left out");
    pipeline.run();
  }
}
