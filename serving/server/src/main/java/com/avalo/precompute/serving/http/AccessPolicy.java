package com.avalo.precompute.serving.http;

import com.avalo.precompute.schemas.CacheKey;
import com.avalo.precompute.schemas.DocumentType;
import com.avalo.precompute.schemas.Readers;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Which documents a caller may read. A service caller reads everything. An app user reads what
 * each type's {@link com.avalo.precompute.schemas.Readers} allow: their own documents of
 * {@code OWNER} types (feed pages, chat lists, stats, token balance), and, when public cards are
 * enabled, anyone's cards (profile, post, media: the app already shows those to every signed-in
 * user, without exact location). {@code SERVICES} types (match lists, counts, analytics) are for
 * services only.
 */
final class AccessPolicy {
  private final boolean publicCards;

  AccessPolicy(boolean publicCards) {
    this.publicCards = publicCards;
  }

  /** @throws ApiException 403 saying what the caller may read instead */
  void checkRead(Caller caller, CacheKey key) {
    if (caller.isService()) {
      return;
    }
    boolean allowed = switch (key.type().readers()) {
      case OWNER -> key.subject().equals(caller.uid());
      case ANY_USER_WHEN_CARDS_ARE_PUBLIC -> publicCards;
      case SERVICES -> false;
    };
    if (!allowed) {
      throw ApiException.forbidden("user " + caller.uid() + " may not read " + key.value()
          + "; a user token reads only that user's own " + typesReadBy(Readers.OWNER)
          + (publicCards ? " and anyone's " + typesReadBy(Readers.ANY_USER_WHEN_CARDS_ARE_PUBLIC) : ""));
    }
  }

  private static String typesReadBy(Readers readers) {
    return Arrays.stream(DocumentType.values()).filter(type -> type.readers() == readers)
        .map(DocumentType::typeName).collect(Collectors.joining(", "));
  }
}
