package com.avalo.precompute.serving.http;

import com.avalo.precompute.schemas.CacheKey;

/**
 * Which documents a caller may read. A service caller reads everything. An app user reads their
 * own feed pages, chat lists, stats and token balance, and, when public cards are enabled, the
 * profile, post and media cards of anyone (the app already shows those to every signed-in user:
 * they are the cards in feeds and chat lists, without exact location). Everything else (other
 * users' private documents, match lists, counts, analytics) is for services only.
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
    boolean allowed = switch (key.type()) {
      case FEED_PAGE, CHATS, USER_STATS, USER_TOKENS -> key.subject().equals(caller.uid());
      case PROFILE, POST, MEDIA -> publicCards;
      case MATCHES, COUNT, ANALYTICS -> false;
    };
    if (!allowed) {
      throw ApiException.forbidden("user " + caller.uid() + " may not read " + key.value()
          + "; a user token reads only that user's own feed, chats, stats and tokens"
          + (publicCards ? " and public profile, post and media cards" : ""));
    }
  }
}
