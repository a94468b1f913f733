package com.avalo.precompute.io;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.avalo.precompute.io.RefuseWritesOnRefusedRecords.Limit;
import com.avalo.precompute.io.RefuseWritesOnRefusedRecords.ParseTallies;
import com.avalo.precompute.io.RefuseWritesOnRefusedRecords.ParseTally;
import com.avalo.precompute.io.RefuseWritesOnRefusedRecords.Parsing;
import com.avalo.precompute.source.SourceCollection;
import com.avalo.precompute.source.SourceRecords.User;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.beam.sdk.Pipeline.PipelineExecutionException;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.junit.Rule;
import org.junit.Test;

/**
 * The check that a collection a run read all, or mostly, failed to parse;
 * {@link LostUsersExportTest} and {@link RefusedRecordsExportTest} show that such a run writes and
 * deletes nothing.
 */
public class RefuseWritesOnRefusedRecordsTest {
  private static final String ALICE = "{\"id\":\"alice01\",\"displayName\":\"Alice\","
      + "\"birthDate\":\"1998-11-20\",\"gender\":\"female\",\"interestedIn\":[\"male\"],"
      + "\"ageMin\":24,\"ageMax\":35,\"maxDistanceKm\":30,\"location\":{\"lat\":52.52,"
      + "\"lng\":13.405},\"city\":\"Berlin\",\"interests\":[\"hiking\"],\"photoCount\":4,"
      + "\"bio\":\"Hi\",\"verified\":true,\"createdAt\":\"2025-01-10T10:00:00Z\","
      + "\"lastActiveAt\":\"2026-11-19T08:00:00Z\",\"status\":\"active\"}";
  private static final DeadLetter REFUSED_USER = DeadLetter.of("profiles", "users", "users/bob02",
      "birthDate: not a YYYY-MM-DD date", "{\"id\":\"bob02\"}");
  private static final DeadLetter REFUSED_CHAT = DeadLetter.of("chats", "chats", "chats/c1",
      "participants: missing", "{\"id\":\"c1\"}");

  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  @Test
  public void withNoParsedUserTheCheckFailsTheRunQuotingARefusedUser() {
    PAssert.that(check(users(), List.of(REFUSED_USER), List.of("c"), List.of())).empty();
    PipelineExecutionException failure =
        assertThrows(PipelineExecutionException.class, () -> pipeline.run());
    assertThat(failure.getMessage(), containsString("none of the source's users parsed (1"
        + " refused), so the run would delete every document its jobs wrote before (one refused:"
        + " users/bob02: birthDate: not a YYYY-MM-DD date)"));
    assertThat("raising the share would not help", failure.getMessage(),
        not(containsString("raise")));
  }

  @Test
  public void withMostUsersRefusedTheCheckFailsTheRunSayingHowMany() throws Exception {
    PAssert.that(check(users(alice()), List.of(REFUSED_USER, REFUSED_USER), List.of("c"),
        List.of())).empty();
    PipelineExecutionException failure =
        assertThrows(PipelineExecutionException.class, () -> pipeline.run());
    assertThat(failure.getMessage(), containsString("2 of the source's 3 users (66.7%) failed to"
        + " parse, more than --maxRefusedUserShare=0.5 allows (one refused: users/bob02"));
    assertThat(failure.getMessage(), containsString("raise --maxRefusedUserShare to go on"));
  }

  @Test
  public void everyCollectionOverItsLimitIsNamedInOneFailure() throws Exception {
    PAssert.that(check(users(alice()), List.of(REFUSED_USER, REFUSED_USER), List.of(),
        List.of(REFUSED_CHAT))).empty();
    PipelineExecutionException failure =
        assertThrows(PipelineExecutionException.class, () -> pipeline.run());
    assertThat(failure.getMessage(), containsString("1 of the source's 1 chats (100.0%) failed to"
        + " parse, more than --maxRefusedRecordShare=0.5 allows (one refused: chats/c1:"
        + " participants: missing); 2 of the source's 3 users"));
    assertThat(failure.getMessage(),
        containsString("raise --maxRefusedRecordShare or --maxRefusedUserShare to go on"));
  }

  @Test
  public void withNoMoreThanTheSharesRefusedOrNoChatsAtAllTheCheckPasses() throws Exception {
    PAssert.that(check(users(alice()), List.of(REFUSED_USER), List.of(), List.of())).empty();
    pipeline.run().waitUntilFinish();
  }

  @Test
  public void theShareIsOfAllRecordsReadAndOnlyAShareAboveTheMaximumRefuses() {
    Limit users = Limit.users(0.5);
    assertEquals(Optional.empty(), RefuseWritesOnRefusedRecords.refusal("users", 1, 1, users));
    assertTrue(RefuseWritesOnRefusedRecords.refusal("users", 1, 2, users).isPresent());
    assertEquals(Optional.empty(),
        RefuseWritesOnRefusedRecords.refusal("users", 99, 1, Limit.users(0.01)));
    assertTrue(RefuseWritesOnRefusedRecords.refusal("users", 98, 2, Limit.users(0.01)).isPresent());
    assertEquals("at 1, only a run with no user parsed refuses", Optional.empty(),
        RefuseWritesOnRefusedRecords.refusal("users", 1, 1_000_000, Limit.users(1)));
    assertTrue(RefuseWritesOnRefusedRecords.refusal("users", 0, 0, Limit.users(1)).isPresent());
    assertEquals(Optional.empty(),
        RefuseWritesOnRefusedRecords.refusal("users", 5, 0, Limit.users(0)));

    Limit others = Limit.otherRecords(0.5);
    assertEquals("an app may have no chats yet", Optional.empty(),
        RefuseWritesOnRefusedRecords.refusal("chats", 0, 0, others));
    assertEquals(Optional.empty(), RefuseWritesOnRefusedRecords.refusal("chats", 1, 1, others));
    assertEquals(Optional.of("2 of the source's 3 chats (66.7%) failed to parse, more than"
        + " --maxRefusedRecordShare=0.5 allows"),
        RefuseWritesOnRefusedRecords.refusal("chats", 1, 2, others));
    assertEquals(Optional.empty(),
        RefuseWritesOnRefusedRecords.refusal("chats", 0, 5, Limit.otherRecords(1)));
  }

  @Test
  public void theMessageNamesOnlyTheCollectionsOverTheirLimitsInNameOrder() {
    ParseTallies tallies = new ParseTallies(Map.of(
        "spends", new ParseTally("spends", 0, 4, "spends.ndjson:1: field 'tokens'"),
        "chats", new ParseTally("chats", 10, 1, "chats.ndjson:3: bad"),
        "purchases", new ParseTally("purchases", 1, 9, "purchases.ndjson:1: field 'tokens'")));
    Limit others = Limit.otherRecords(0.5);
    String message = RefuseWritesOnRefusedRecords.message(tallies,
        Map.of("spends", others, "chats", others, "purchases", others)).orElseThrow();
    assertThat(message, containsString("9 of the source's 10 purchases (90.0%) failed to parse,"
        + " more than --maxRefusedRecordShare=0.5 allows (one refused: purchases.ndjson:1: field"
        + " 'tokens'); 4 of the source's 4 spends"));
    assertThat(message, not(containsString("chats (")));
  }

  @Test
  public void aShareOutsideZeroToOneIsRefusedNamingTheOption() {
    for (double share : new double[] {-0.1, 1.5, Double.NaN}) {
      IllegalArgumentException users =
          assertThrows(IllegalArgumentException.class, () -> Limit.users(share));
      assertThat(users.getMessage(), containsString("--maxRefusedUserShare=" + share));
      IllegalArgumentException others =
          assertThrows(IllegalArgumentException.class, () -> Limit.otherRecords(share));
      assertThat(others.getMessage(), containsString("--maxRefusedRecordShare=" + share));
    }
  }

  private PCollection<Void> check(PCollection<User> users, List<DeadLetter> refusedUsers,
      List<String> chats, List<DeadLetter> refusedChats) {
    List<Parsing> parsings = new ArrayList<>();
    parsings.add(new Parsing("users", users, letters("RefusedUsers", refusedUsers),
        Limit.users(0.5)));
    parsings.add(new Parsing("chats",
        pipeline.apply("Chats", Create.of(chats).withCoder(StringUtf8Coder.of())),
        letters("RefusedChats", refusedChats), Limit.otherRecords(0.5)));
    return pipeline.apply(new RefuseWritesOnRefusedRecords(parsings));
  }

  private static User alice() throws Exception {
    return SourceCollection.USERS.parse(new ObjectMapper().readTree(ALICE));
  }

  private PCollection<User> users(User... users) {
    return pipeline.apply("Users", Create.of(List.of(users))
        .withCoder(RecordCoder.ofRecordClass(User.class)));
  }

  private PCollection<DeadLetter> letters(String name, List<DeadLetter> letters) {
    return pipeline.apply(name, Create.of(letters).withCoder(RecordCoder.of(DeadLetter.class)));
  }
}
