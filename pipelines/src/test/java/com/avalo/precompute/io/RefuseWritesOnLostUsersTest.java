package com.avalo.precompute.io;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.avalo.precompute.source.SourceCollection;
import com.avalo.precompute.source.SourceRecords.User;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Optional;
import org.apache.beam.sdk.Pipeline.PipelineExecutionException;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.junit.Rule;
import org.junit.Test;

/**
 * The check that a run's users all, or mostly, failed to parse; {@link LostUsersExportTest} shows
 * that such a run writes and deletes nothing.
 */
public class RefuseWritesOnLostUsersTest {
  private static final String ALICE = "{\"id\":\"alice01\",\"displayName\":\"Alice\","
      + "\"birthDate\":\"1998-11-20\",\"gender\":\"female\",\"interestedIn\":[\"male\"],"
      + "\"ageMin\":24,\"ageMax\":35,\"maxDistanceKm\":30,\"location\":{\"lat\":52.52,"
      + "\"lng\":13.405},\"city\":\"Berlin\",\"interests\":[\"hiking\"],\"photoCount\":4,"
      + "\"bio\":\"Hi\",\"verified\":true,\"createdAt\":\"2025-01-10T10:00:00Z\","
      + "\"lastActiveAt\":\"2026-11-19T08:00:00Z\",\"status\":\"active\"}";
  private static final DeadLetter REFUSED = DeadLetter.of("profiles", "users", "users/bob02",
      "birthDate: not a YYYY-MM-DD date", "{\"id\":\"bob02\"}");

  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  @Test
  public void withNoParsedUserTheCheckFailsTheRunQuotingARefusedUser() {
    PCollection<Void> checked =
        users().apply(new RefuseWritesOnLostUsers(refused(List.of(REFUSED)), 0.5));
    PAssert.that(checked).empty();
    PipelineExecutionException failure =
        assertThrows(PipelineExecutionException.class, () -> pipeline.run());
    assertThat(failure.getMessage(), containsString("no user of the source parsed"));
    assertThat(failure.getMessage(), containsString(
        "A user refused: users/bob02: birthDate: not a YYYY-MM-DD date"));
  }

  @Test
  public void withMostUsersRefusedTheCheckFailsTheRunSayingHowMany() throws Exception {
    User alice = SourceCollection.USERS.parse(new ObjectMapper().readTree(ALICE));
    PCollection<Void> checked =
        users(alice).apply(new RefuseWritesOnLostUsers(refused(List.of(REFUSED, REFUSED)), 0.5));
    PAssert.that(checked).empty();
    PipelineExecutionException failure =
        assertThrows(PipelineExecutionException.class, () -> pipeline.run());
    assertThat(failure.getMessage(), containsString(
        "2 of the source's 3 users (66.7%) failed to parse, more than --maxRefusedUserShare=0.5"));
    assertThat(failure.getMessage(), containsString("A user refused: users/bob02"));
  }

  @Test
  public void withNoMoreThanTheShareRefusedTheCheckPasses() throws Exception {
    User alice = SourceCollection.USERS.parse(new ObjectMapper().readTree(ALICE));
    PCollection<Void> checked =
        users(alice).apply(new RefuseWritesOnLostUsers(refused(List.of(REFUSED)), 0.5));
    PAssert.that(checked).empty();
    pipeline.run().waitUntilFinish();
  }

  @Test
  public void theShareIsOfAllUsersReadAndOnlyAShareAboveTheMaximumRefuses() {
    assertEquals(Optional.empty(), RefuseWritesOnLostUsers.refusal(1, 1, 0.5));
    assertTrue(RefuseWritesOnLostUsers.refusal(1, 2, 0.5).isPresent());
    assertEquals(Optional.empty(), RefuseWritesOnLostUsers.refusal(99, 1, 0.01));
    assertTrue(RefuseWritesOnLostUsers.refusal(98, 2, 0.01).isPresent());
    assertEquals("at 1, only a run with no user parsed refuses", Optional.empty(),
        RefuseWritesOnLostUsers.refusal(1, 1_000_000, 1));
    assertTrue(RefuseWritesOnLostUsers.refusal(0, 0, 1).isPresent());
    assertEquals(Optional.empty(), RefuseWritesOnLostUsers.refusal(5, 0, 0));
  }

  @Test
  public void aShareOutsideZeroToOneIsRefusedNamingTheOption() {
    for (double share : new double[] {-0.1, 1.5, Double.NaN}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> RefuseWritesOnLostUsers.checkedShare(share));
      assertThat(e.getMessage(), containsString("--maxRefusedUserShare=" + share));
    }
  }

  private PCollection<User> users(User... users) {
    return pipeline.apply("Users", Create.of(List.of(users))
        .withCoder(RecordCoder.ofRecordClass(User.class)));
  }

  private PCollection<DeadLetter> refused(List<DeadLetter> letters) {
    return pipeline.apply("Refused", Create.of(letters).withCoder(RecordCoder.of(DeadLetter.class)));
  }
}
