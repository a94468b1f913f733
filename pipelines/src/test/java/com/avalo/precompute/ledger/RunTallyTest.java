package com.avalo.precompute.ledger;

import static org.junit.Assert.assertEquals;

import com.avalo.precompute.io.CacheWrite;
import com.avalo.precompute.io.CacheWriteCoder;
import com.avalo.precompute.io.DeadLetter;
import com.avalo.precompute.io.RecordCoder;
import com.avalo.precompute.io.RunOutputs;
import com.avalo.precompute.io.StoreRefusal;
import com.avalo.precompute.serving.store.DeadLetterCount;
import com.avalo.precompute.serving.store.RunCounts;
import com.avalo.precompute.serving.store.DocumentStamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.junit.Rule;
import org.junit.Test;

/** What a run counts in its pipeline for the ledger. */
public class RunTallyTest {
  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  private static DeadLetter letter(String collection, String reason) {
    return DeadLetter.of("job", collection, collection + "/x", reason, "{}");
  }

  @Test
  public void documentsWrittenArePutsTheStoreTookAndLettersGroupByKindMostFrequentFirst() {
    RunTally tally = RunTally.NONE;
    for (int i = 0; i < 5; i++) {
      tally = tally.plus(RunTally.of(CacheWrite.delete("k" + i)));
    }
    tally = tally.plus(new RunTally(10, 0, 0, 0, 0, 0, List.of(), 0))
        .plus(RunTally.ofDecision("chats/SKIP")).plus(RunTally.ofDecision("chats/PUT"))
        // Refused as too big before the store: never one of the 10 puts, so not taken off them.
        .plus(RunTally.of(letter("cache", "document is 1200000 bytes, over the 1000000-byte limit")))
        .plus(RunTally.of(StoreRefusal.PUT.letter("precompute_cache/user:a", "too busy", "")))
        .plus(RunTally.of(StoreRefusal.DELETE.letter("precompute_cache/feed:a:2", "too busy", "")))
        .plus(RunTally.of(letter("likes", "refers to missing user u12345678")))
        .plus(RunTally.of(letter("likes", "refers to missing user u87654321")))
        .plus(RunTally.of(letter("users", "malformed JSON: Unexpected end")));
    RunCounts counts = tally.counts();
    assertEquals(Long.valueOf(9), counts.documentsWritten());
    assertEquals(Long.valueOf(4), counts.documentsDeleted());
    assertEquals(Long.valueOf(1), counts.documentsUnchanged());
    assertEquals(null, counts.recordsRead());
    assertEquals(List.of(
        new DeadLetterCount("likes", "refers to missing user …", 2, "refers to missing user u12345678"),
        new DeadLetterCount("cache", "Firestore refused the delete", 1,
            "Firestore refused the delete: too busy"),
        new DeadLetterCount("cache", "Firestore refused the write", 1,
            "Firestore refused the write: too busy"),
        new DeadLetterCount("cache", "document is # bytes, over the #-byte limit", 1,
            "document is 1200000 bytes, over the 1000000-byte limit"),
        new DeadLetterCount("users", "malformed JSON", 1, "malformed JSON: Unexpected end")),
        counts.deadLetters());
  }

  @Test
  public void kindsBeyondTheLimitAreCountedAsOtherReasons() {
    RunTally tally = RunTally.NONE;
    for (int i = 0; i < RunTally.MAX_KINDS + 5; i++) {
      tally = tally.plus(RunTally.of(letter("events", "reason kind " + (char) ('a' + i % 26) + (char) ('a' + i / 26))));
    }
    List<DeadLetterCount> events = tally.deadLetters();
    assertEquals(RunTally.MAX_KINDS + 1, events.size());
    assertEquals(new DeadLetterCount("events", RunTally.OTHER, 5, events.get(RunTally.MAX_KINDS).example()),
        events.get(RunTally.MAX_KINDS));
    assertEquals(RunTally.MAX_KINDS + 5, tally.counts().totalDeadLetters());
  }

  @Test
  public void thePipelineSumsEveryWriteAndLetterIntoOneTallyEvenWhenEmpty() {
    List<CacheWrite> writes = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      writes.add(CacheWrite.delete("k" + i));
    }
    PCollection<CacheWrite> some = pipeline.apply("Writes", Create.of(writes)
        .withCoder(CacheWriteCoder.of()));
    PCollection<DeadLetter> none = pipeline.apply("Letters", Create.empty(RecordCoder.of(DeadLetter.class)));
    PCollection<String> decisions = pipeline.apply("Decisions",
        Create.of("chats/SKIP", "chats/SKIP", "chats/PUT", "chats/DELETE"));
    PCollection<DocumentStamp> stamps = pipeline.apply("StampsFromStore", Create.of(
        new DocumentStamp("k1", "chats", "sha256:a", Instant.EPOCH, 1),
        new DocumentStamp("k2", "chats", "sha256:b", Instant.EPOCH, 1))
        .withCoder(RecordCoder.of(DocumentStamp.class)));
    PCollection<RunTally> tally = pipeline.apply("Tally", new TallyRunOutputs(
        new RunOutputs(some, decisions, stamps, none,
            pipeline.apply("LetterDocuments", Create.of("d1", "d2", "d3")), List.of(), List.of())));
    PAssert.thatSingleton(tally).isEqualTo(new RunTally(0, 7, 2, 2, 0, 0, List.of(), 3));
    PCollection<RunTally> empty = pipeline.apply("TallyNothing", new TallyRunOutputs(
        new RunOutputs(pipeline.apply("NoWrites",
            Create.empty(CacheWriteCoder.of())),
            pipeline.apply("NoDecisions", Create.empty(StringUtf8Coder.of())),
            pipeline.apply("NoStamps", Create.empty(RecordCoder.of(DocumentStamp.class))), none,
            pipeline.apply("NoLetterDocuments", Create.empty(StringUtf8Coder.of())),
            List.of(), List.of())));
    PAssert.thatSingleton(empty).isEqualTo(RunTally.NONE);
    pipeline.run();
  }
}
