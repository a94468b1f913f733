package com.avalo.precompute.schemas;

/**
 * Who may read a document type over the HTTP API. A service caller (another backend) reads every
 * type; these rules are for app users signed in with their own token.
 */
public enum Readers {
  /** Only the user the key names (its {@code {uid}}): their feed, chats, stats and tokens. */
  OWNER,
  /**
   * Any signed-in user when the service enables public cards: cards the app already shows to
   * every user (in feeds and chat lists), without exact location.
   */
  ANY_USER_WHEN_CARDS_ARE_PUBLIC,
  /** Services only: other users' private documents, counts, analytics. */
  SERVICES
}
