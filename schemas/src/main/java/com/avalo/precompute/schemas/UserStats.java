package com.avalo.precompute.schemas;

import java.io.Serializable;

/**
 * Payload of {@code user:{uid}:stats}.
 *
 * <p>{@code responseRate} is the share of the user's chats in which the other participant wrote
 * first and the user answered afterwards, over the chats in which the other participant wrote
 * first; it is null when no such chat exists, so that "no data" is not read as 0%.
 */
public record UserStats(
    String uid,
    long likesGiven,
    long likesReceived,
    long superlikesGiven,
    long superlikesReceived,
    long passesGiven,
    long passesReceived,
    long matches,
    long messagesSent,
    long messagesReceived,
    Double responseRate,
    long posts) implements Serializable {}
