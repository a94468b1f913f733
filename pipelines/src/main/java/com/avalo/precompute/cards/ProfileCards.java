package com.avalo.precompute.cards;

import com.avalo.precompute.schemas.MediaCard;
import com.avalo.precompute.schemas.ParticipantCard;
import com.avalo.precompute.schemas.PostCard;
import com.avalo.precompute.schemas.ProfileCard;
import com.avalo.precompute.source.SourceRecords.Post;
import com.avalo.precompute.source.SourceRecords.User;
import com.avalo.precompute.source.SourceRecords.UserStatus;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Pure functions that turn source records into the public cards the app shows: profile, post and
 * media cards (the profiles job), and the participant cards inside match lists and chat lists.
 */
public final class ProfileCards {
  private ProfileCards() {}

  /**
   * Age in whole years on the UTC date of {@code asOf}; a birthday on that date counts. A run as
   * of a day before the birth (a backfill older than the account; the parser refuses a birth after
   * the account's creation) gives 0, not a negative age that no card's schema accepts.
   */
  public static int ageOn(LocalDate birthDate, Instant asOf) {
    return Math.max(0, Period.between(birthDate, asOf.atZone(ZoneOffset.UTC).toLocalDate()).getYears());
  }

  /**
   * Whether a user's cards may be shown: only an active account's. Deleted and suspended accounts
   * have no public cards (their profile, posts and media are not written), and they are left out
   * of other users' match and chat lists, as feeds leave them out. A suspended account's cards were
   * readable by any user, and it stayed in the lists of the users it was suspended for; once
   * active again, the next run writes it back.
   */
  public static boolean isPublic(User user) {
    return isPublic(user.status());
  }

  /** Whether an account of this status may be shown ({@link #isPublic(User)}). */
  public static boolean isPublic(UserStatus status) {
    return status == UserStatus.active;
  }

  public static ProfileCard profile(User user, long postCount, Instant asOf) {
    return new ProfileCard(user.id(), user.displayName(), ageOn(user.birthDate(), asOf),
        user.gender().name(), user.city(), List.copyOf(user.interests()), user.photoCount(),
        user.bio(), user.verified(), user.createdAt(), user.lastActiveAt(), (int) postCount);
  }

  public static ParticipantCard participant(User user, Instant asOf) {
    return new ParticipantCard(user.id(), user.displayName(), ageOn(user.birthDate(), asOf),
        user.city(), user.photoCount(), user.verified());
  }

  public static PostCard post(Post post, User author) {
    return new PostCard(post.id(), post.authorId(), author.displayName(), post.text(),
        post.media().stream()
            .map(m -> new PostCard.Media(m.id(), m.url(), m.width(), m.height())).toList(),
        post.createdAt());
  }

  public static List<MediaCard> media(Post post) {
    return post.media().stream().map(m -> new MediaCard(m.id(), post.id(), post.authorId(),
        m.url(), m.width(), m.height(), post.createdAt())).toList();
  }
}
