package com.avalo.precompute.serving.http;

/**
 * Who made a request: a backend holding a service token, or an app user proven by a verified JWT.
 *
 * @param uid the user's id ({@code sub}) for {@link Kind#USER}; null for a service
 */
record Caller(Kind kind, String uid) {

  /** How the caller authenticated. */
  enum Kind { SERVICE, USER }

  static final Caller SERVICE = new Caller(Kind.SERVICE, null);

  static Caller user(String uid) {
    return new Caller(Kind.USER, uid);
  }

  boolean isService() {
    return kind == Kind.SERVICE;
  }

  @Override
  public String toString() {
    return isService() ? "service" : "user " + uid;
  }
}
