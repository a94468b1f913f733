package com.avalo.precompute.io;

import com.avalo.precompute.source.SourceRecords.Chat;
import com.avalo.precompute.source.SourceRecords.Message;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.Rule;
import org.junit.Test;

/**
 * Every job reads the same messages: of a chat that exists as of the run, from a participant. A
 * message of a chat created after the as-of, dated before it by a client's clock, was counted by
 * counts and analytics while chat lists and user stats left its chat out.
 */
public class DropMessagesOutsideTheirChatTest {
  private static final Instant AS_OF = Instant.parse("2026-11-20T10:00:00Z");

  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  @Test
  public void keepsMessagesOfParticipantsInChatsThatExistAsOfTheRun() {
    PCollection<Chat> chats = pipeline.apply("Chats", Create.of(
        chat("c1", "2026-11-01T00:00:00Z"), chat("later", "2026-11-20T10:00:02Z"))
        .withCoder(RecordCoder.of(Chat.class)));
    DropMessagesOutsideTheirChat check = new DropMessagesOutsideTheirChat("test", chats, AS_OF);
    PCollectionTuple checked = pipeline.apply("Messages", Create.of(
            message("m1", "c1", "u1"), message("m2", "later", "u1"),
            message("m3", "c1", "stranger"), message("m4", "gone", "u1"))
        .withCoder(RecordCoder.of(Message.class)))
        .apply(check);
    PAssert.that(checked.get(check.validTag()).apply("Ids", MapElements
        .into(TypeDescriptors.strings()).via(Message::id))).containsInAnyOrder("m1");
    PAssert.that(checked.get(ParseRecords.DEAD_LETTERS).apply("Origins", MapElements
        .into(TypeDescriptors.strings()).via(DeadLetter::origin)))
        .containsInAnyOrder("messages/c1/m3", "messages/gone/m4");
    pipeline.run().waitUntilFinish();
  }

  private static Chat chat(String id, String createdAt) {
    return new Chat(id, List.of("u1", "u2"), Instant.parse(createdAt), Instant.parse(createdAt),
        Map.of());
  }

  private static Message message(String id, String chatId, String senderId) {
    return new Message(id, chatId, senderId, "hi", Instant.parse("2026-11-20T09:59:58Z"));
  }
}
