package com.avalo.precompute.io;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertThrows;

import com.avalo.precompute.source.SourceCollection;
import com.avalo.precompute.source.SourceRecords.User;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.apache.beam.sdk.Pipeline.PipelineExecutionException;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.junit.Rule;
import org.junit.Test;

/** A run whose users all failed to parse writes and deletes nothing. */
public class RefuseWritesWithoutUsersTest {
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
  public void withNoParsedUserTheFirstWriteFailsTheRunQuotingARefusedUser() {
    PCollection<CacheWrite> checked = pipeline
        .apply("Writes", Create.of(CacheWrite.delete("user:alice01")).withCoder(CacheWriteCoder.of()))
        .apply(new RefuseWritesWithoutUsers(users(), refused(List.of(REFUSED))));
    PAssert.that(checked).empty();
    PipelineExecutionException failure =
        assertThrows(PipelineExecutionException.class, () -> pipeline.run());
    assertThat(failure.getMessage(), containsString("no user of the source parsed"));
    assertThat(failure.getMessage(), containsString(
        "A user refused: users/bob02: birthDate: not a YYYY-MM-DD date"));
  }

  @Test
  public void withAParsedUserEveryWritePasses() throws Exception {
    User alice = SourceCollection.USERS.parse(new ObjectMapper().readTree(ALICE));
    PCollection<CacheWrite> checked = pipeline
        .apply("Writes", Create.of(CacheWrite.delete("user:gone")).withCoder(CacheWriteCoder.of()))
        .apply(new RefuseWritesWithoutUsers(users(alice), refused(List.of(REFUSED))));
    PAssert.that(checked).containsInAnyOrder(CacheWrite.delete("user:gone"));
    pipeline.run();
  }

  private PCollection<User> users(User... users) {
    return pipeline.apply("Users", Create.of(List.of(users))
        .withCoder(RecordCoder.ofRecordClass(User.class)));
  }

  private PCollection<DeadLetter> refused(List<DeadLetter> letters) {
    return pipeline.apply("Refused", Create.of(letters).withCoder(RecordCoder.of(DeadLetter.class)));
  }
}
