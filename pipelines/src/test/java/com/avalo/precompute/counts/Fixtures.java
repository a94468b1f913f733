package com.avalo.precompute.counts;

import com.avalo.precompute.io.RunContext;
import com.avalo.precompute.source.SourceRecords.Gender;
import com.avalo.precompute.source.SourceRecords.Like;
import com.avalo.precompute.source.SourceRecords.LikeKind;
import com.avalo.precompute.source.SourceRecords.Message;
import com.avalo.precompute.source.SourceRecords.User;
import com.avalo.precompute.source.SourceRecords.UserStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

/** Small records and a run for the counts tests. */
final class Fixtures {
  static final Instant AS_OF = Instant.parse("2026-11-24T12:00:00Z");
  static final Instant DAY_START = Instant.parse("2026-11-24T00:00:00Z");
  static final Instant DAY_END = Instant.parse("2026-11-25T00:00:00Z");
  static final RunContext RUN =
      new RunContext("run-1", AS_OF, AS_OF.plusSeconds(60), null, Duration.ofDays(30));

  private Fixtures() {}

  static User user(String id, String city, Gender gender, UserStatus status, Instant createdAt,
      Instant lastActiveAt) {
    return new User(id, "Name " + id, LocalDate.parse("1995-05-05"), gender, Set.of(Gender.male),
        18, 40, 50, 52.5, 13.4, city, List.of("hiking"), 3, "", false, createdAt, lastActiveAt,
        status);
  }

  /** An active user created long ago and last active an hour before asOf. */
  static User activeUser(String id, String city, Gender gender) {
    return user(id, city, gender, UserStatus.active, Instant.parse("2026-01-01T00:00:00Z"),
        AS_OF.minusSeconds(3600));
  }

  static Like like(String id, LikeKind kind, String createdAt) {
    return new Like(id, "u1", "u2", kind, Instant.parse(createdAt));
  }

  static Message message(String id, String sentAt) {
    return new Message(id, "c1", "u1", "hi", Instant.parse(sentAt));
  }
}
