package com.avalo.precompute.schemas;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;

/** Payload of {@code matches:{uid}}: the user's matches, newest first. */
public record MatchList(String uid, int total, List<Entry> matches) implements Serializable {

  /** One match as the user sees it. */
  public record Entry(String matchId, String chatId, Instant createdAt, ParticipantCard other)
      implements Serializable {}
}
