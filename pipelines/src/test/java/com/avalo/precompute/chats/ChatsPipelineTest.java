package com.avalo.precompute.chats;

import com.avalo.precompute.cards.ProfileCards;
import static com.avalo.precompute.chats.ChatFixtures.AS_OF;
import static com.avalo.precompute.chats.ChatFixtures.RUN;
import static com.avalo.precompute.chats.ChatFixtures.at;
import static com.avalo.precompute.chats.ChatFixtures.block;
import static com.avalo.precompute.chats.ChatFixtures.chat;
import static com.avalo.precompute.chats.ChatFixtures.message;
import static com.avalo.precompute.chats.ChatFixtures.user;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import com.avalo.precompute.io.CacheWrite;
import com.avalo.precompute.schemas.ChatList;
import com.avalo.precompute.schemas.DocumentValidator;
import com.avalo.precompute.schemas.ChatList.Entry;
import com.avalo.precompute.schemas.ChatList.LastMessage;
import com.avalo.precompute.schemas.ParticipantCard;
import com.avalo.precompute.source.SourceRecords.Block;
import com.avalo.precompute.source.SourceRecords.Chat;
import com.avalo.precompute.source.SourceRecords.Message;
import com.avalo.precompute.source.SourceRecords.User;
import com.avalo.precompute.source.SourceRecords.UserStatus;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.Rule;
import org.junit.Test;

/** The chats composites on literal inputs: summaries, entries with cards, and written pages. */
public class ChatsPipelineTest {
  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  private static final List<User> USERS = List.of(user("ann"), user("bob"), user("cat"),
      user("dan"), user("eve", UserStatus.deleted), user("fay"), user("gus", UserStatus.suspended));

  // ann-bob: messages both ways; ann read up to 10:00. ann-cat: no messages, newer chat.
  // ann-dan: dan blocked ann. ann-eve: eve's account is deleted. ann-fay: created after asOf.
  // ann-gus: gus's account is suspended.
  private static final List<Chat> CHATS = List.of(
      chat("c-ab", "ann", "bob", "18T08:00:00", Map.of("ann", at("20T10:00:00"))),
      chat("c-ac", "cat", "ann", "20T11:30:00", Map.of()),
      chat("c-ad", "ann", "dan", "19T08:00:00", Map.of()),
      chat("c-ae", "ann", "eve", "19T09:00:00", Map.of()),
      chat("c-af", "ann", "fay", "20T13:00:00", Map.of()),
      chat("c-ag", "ann", "gus", "19T10:00:00", Map.of()));

  private static final List<Message> MESSAGES = List.of(
      message("m1", "c-ab", "ann", "hi bob", "19T09:00:00"),
      message("m2", "c-ab", "bob", "hi ann", "20T09:00:00"),
      message("m3", "c-ab", "bob", "free on friday?\nmaybe", "20T11:00:00"),
      message("m4", "c-ab", "bob", "too late", "20T12:30:00"),
      message("m6", "c-ad", "dan", "hidden by the block", "20T11:00:00"),
      message("m7", "c-ae", "eve", "bye", "20T10:00:00"),
      message("m8", "c-ag", "gus", "still here", "20T10:30:00"));

  private static final List<Block> BLOCKS = List.of(block("dan", "ann", "20T07:00:00"),
      block("cat", "bob", "20T12:00:01")); // after asOf: no effect

  private static ParticipantCard card(String uid) {
    return ProfileCards.participant(user(uid), AS_OF);
  }

  @Test
  public void writesEachUsersChatListNewestFirst() {
    PCollection<User> users = pipeline.apply("Users", Create.of(USERS));
    PCollectionTuple summaries = pipeline.apply("Chats", Create.of(CHATS))
        .apply(new SummarizeChats(
            pipeline.apply("Messages", Create.of(MESSAGES)),
            pipeline.apply("Blocks", Create.of(BLOCKS)), AS_OF, 12));
    PCollectionTuple written = summaries.get(SummarizeChats.SUMMARIES)
        .apply(new AttachParticipantCards(users, AS_OF))
        .apply(new PaginateChatLists(users, summaries.get(SummarizeChats.PARTICIPANTS),
            new ChatListPages("chats", RUN, 900_000, 2), 100));

    PAssert.that(written.get(PaginateChatLists.WRITES)).satisfies(writes -> {
      Map<String, Object> byKey = new TreeMap<>();
      for (CacheWrite write : writes) {
        if (!write.isDelete()) {
          assertEquals(List.of(), DocumentValidator.instance().validate(write.document()));
        }
        assertFalse("the job deletes nothing: " + write.key(), write.isDelete());
        ChatList list = write.document().payloadAs(ChatList.class);
        // The version is checked on its own (ChatListPagesTest); here, the lists.
        byKey.put(write.key(), new ChatList(list.uid(), list.page(), list.pageCount(),
            list.totalChats(), list.chats(), null));
      }
      Entry annWithCat = new Entry("c-ac", card("cat"), at("20T11:30:00"), null, 0);
      Entry annWithBob = new Entry("c-ab", card("bob"), at("20T11:00:00"),
          new LastMessage("bob", "free on frid", at("20T11:00:00"), true), 1);
      Entry bobWithAnn = new Entry("c-ab", card("ann"), at("20T11:00:00"),
          new LastMessage("bob", "free on frid", at("20T11:00:00"), true), 1);
      Entry catWithAnn = new Entry("c-ac", card("ann"), at("20T11:30:00"), null, 0);
      Map<String, Object> expected = new TreeMap<>(Map.of(
          "chats:ann", new ChatList("ann", 0, 1, 2, List.of(annWithCat, annWithBob), null),
          "chats:bob", new ChatList("bob", 0, 1, 1, List.of(bobWithAnn), null),
          "chats:cat", new ChatList("cat", 0, 1, 1, List.of(catWithAnn), null),
          // dan's only chat is blocked: his list empties. eve's account is deleted: she gets no
          // list (the diff deletes her old pages). fay's chat starts after asOf: she has no list.
          // gus's account is suspended: as eve's, left out of ann's list, and no list of his own.
          "chats:dan", new ChatList("dan", 0, 1, 0, List.of(), null)));
      assertEquals(expected, byKey);
      return null;
    });
    pipeline.run().waitUntilFinish();
  }

  @Test
  public void summarizesOnlyVisibleChats() {
    PCollection<Chat> chats = pipeline.apply("Chats", Create.of(CHATS)
        .withCoder(SerializableCoder.of(Chat.class)));
    PCollectionTuple summaries = chats.apply(new SummarizeChats(
        pipeline.apply("Messages", Create.of(MESSAGES)),
        pipeline.apply("Blocks", Create.of(BLOCKS)), AS_OF, 80));
    PAssert.that(summaries.get(SummarizeChats.SUMMARIES)
        .apply(MapElements.into(TypeDescriptors.strings())
            .via(s -> s.chatId() + " " + s.unread() + " " + s.lastActivityAt())))
        .containsInAnyOrder(
            "c-ab {ann=1, bob=1} 2026-11-20T11:00:00Z",
            "c-ac {ann=0, cat=0} 2026-11-20T11:30:00Z",
            "c-ae {ann=1, eve=0} 2026-11-20T10:00:00Z",
            "c-ag {ann=1, gus=0} 2026-11-20T10:30:00Z");
    pipeline.run().waitUntilFinish();
  }
}
