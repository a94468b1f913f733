package com.avalo.precompute.source;

/** Valid export lines for tests to start from and change one field of. */
public final class SourceLines {
  private SourceLines() {}

  /** An active user, valid in every field. */
  public static final String USER = "{\"id\":\"u1\",\"displayName\":\"Ann\",\"birthDate\":\"1990-01-01\","
      + "\"gender\":\"female\",\"interestedIn\":[\"male\"],\"ageMin\":18,\"ageMax\":99,"
      + "\"maxDistanceKm\":50,\"location\":{\"lat\":52.2,\"lng\":21.0},\"city\":\"Warsaw\","
      + "\"interests\":[],\"photoCount\":1,\"bio\":\"\",\"verified\":false,"
      + "\"createdAt\":\"2026-01-01T00:00:00Z\",\"lastActiveAt\":\"2026-11-01T00:00:00Z\","
      + "\"status\":\"active\"}";
}
