package com.avalo.precompute.schemas;

import java.io.Serializable;

/** The short card of another user shown inside match and chat lists. */
public record ParticipantCard(
    String uid, String displayName, int age, String city, int photoCount, boolean verified)
    implements Serializable {}
