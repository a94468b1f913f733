package com.avalo.precompute.chats;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.avalo.precompute.io.CacheWrite;
import com.avalo.precompute.io.DeadLetter;
import com.avalo.precompute.io.JobChecks;
import com.avalo.precompute.io.JobInputs;
import com.avalo.precompute.io.RunContext;
import com.avalo.precompute.io.SourceReader;
import com.avalo.precompute.schemas.ChatList;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The job's wiring, through the shared source reader, on a tiny file export. */
public class ChatsJobTest {
  @Rule public final TemporaryFolder folder = new TemporaryFolder();

  private static String user(String id) {
    return "{\"id\":\"" + id + "\",\"displayName\":\"User " + id + "\",\"birthDate\":\"1990-01-15\","
        + "\"gender\":\"female\",\"interestedIn\":[\"male\"],\"ageMin\":25,\"ageMax\":40,"
        + "\"maxDistanceKm\":50,\"location\":{\"lat\":38.7,\"lng\":-9.1},\"city\":\"Lisbon\","
        + "\"interests\":[],\"photoCount\":2,\"verified\":false,"
        + "\"createdAt\":\"2026-01-01T00:00:00Z\",\"lastActiveAt\":\"2026-11-19T00:00:00Z\","
        + "\"status\":\"active\"}";
  }

  private static ChatsOptions options(String... args) {
    return PipelineOptionsFactory.fromArgs(args).as(ChatsOptions.class);
  }

  @Test
  public void readsTheExportAndWritesChatLists() throws IOException {
    Path input = folder.newFolder("seed").toPath();
    Files.write(input.resolve("users.ndjson"), List.of(user("ann"), user("bob")));
    Files.write(input.resolve("chats.ndjson"), List.of(
        "{\"id\":\"c1\",\"participants\":[\"ann\",\"bob\"],\"createdAt\":\"2026-11-19T10:00:00Z\","
            + "\"lastActivityAt\":\"2026-11-20T09:00:00Z\",\"lastReadAt\":{}}"));
    Files.write(input.resolve("messages.ndjson"), List.of(
        "{\"id\":\"m1\",\"chatId\":\"c1\",\"senderId\":\"bob\",\"text\":\"hello\","
            + "\"sentAt\":\"2026-11-20T09:00:00Z\"}",
        "{\"id\":\"m2\",\"chatId\":\"c404\",\"senderId\":\"bob\",\"text\":\"lost\","
            + "\"sentAt\":\"2026-11-20T09:00:00Z\"}"));
    Files.write(input.resolve("blocks.ndjson"), List.of());

    ChatsOptions options = options("--input=" + input, "--asOf=2026-11-20T12:00:00Z",
        "--runId=r1", "--chatMaxPages=2");
    Pipeline pipeline = Pipeline.create(options);
    RunContext run = RunContext.from(options, java.time.Instant.parse("2026-11-20T12:01:00Z"));
    List<PCollection<DeadLetter>> deadLetters = new ArrayList<>();
    ChatsJob job = new ChatsJob();
    JobChecks.validate(job, options);
    JobInputs inputs = new JobInputs(pipeline, options,
        new SourceReader(pipeline, options, "chats", run.asOf()), run, deadLetters);
    PCollection<CacheWrite> writes = job.expand(inputs);

    PAssert.that(writes).satisfies(all -> {
      Map<String, String> byKey = new TreeMap<>();
      for (CacheWrite write : all) {
        assertFalse("a job only puts; the run's diff deletes", write.isDelete());
        ChatList list = write.document().payloadAs(ChatList.class);
        byKey.put(write.key(), list.chats().get(0).chatId() + " unread "
            + list.chats().get(0).unreadCount() + " " + list.chats().get(0).other().uid());
        assertTrue(write.document().job().equals("chats"));
      }
      assertEquals(Map.of("chats:ann", "c1 unread 1 bob", "chats:bob", "c1 unread 0 ann"), byKey);
      return null;
    });
    deadLetters.addAll(inputs.sources().deadLetters());
    PAssert.that(PCollectionList.of(deadLetters).apply(Flatten.pCollections())
        .apply(MapElements.into(TypeDescriptors.strings()).via(DeadLetter::origin)))
        .containsInAnyOrder("messages/c404/m2"); // its chat c404 does not exist
    pipeline.run().waitUntilFinish();
  }

  @Test
  public void rejectsOptionsOutOfRangeWithTheOptionName() {
    ChatsJob job = new ChatsJob();
    assertEquals("chats", job.name());
    assertEquals(ChatsOptions.class, job.optionsClass());
    JobChecks.validate(job, options());
    IllegalArgumentException tooBig = assertThrows(IllegalArgumentException.class,
        () -> JobChecks.validate(job, options("--chatPageBytes=2000000")));
    assertTrue(tooBig.getMessage(), tooBig.getMessage().startsWith("--chatPageBytes=2000000"));
    assertThrows(IllegalArgumentException.class, () -> JobChecks.validate(job, options("--chatPreviewChars=0")));
    assertThrows(IllegalArgumentException.class, () -> JobChecks.validate(job, options("--chatMaxPages=0")));
  }
}
