package com.avalo.precompute.chats;

import com.avalo.precompute.schemas.ParticipantCard;
import com.avalo.precompute.source.SourceRecords.User;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;

/** The short card of a user shown in another user's chat list. */
public final class ParticipantCards {
  private ParticipantCards() {}

  /** {@code user}'s card, the age in whole years on the UTC date of {@code asOf}. */
  public static ParticipantCard of(User user, Instant asOf) {
    int age = Period.between(user.birthDate(), asOf.atZone(ZoneOffset.UTC).toLocalDate()).getYears();
    return new ParticipantCard(user.id(), user.displayName(), age, user.city(), user.photoCount(),
        user.verified());
  }
}
