package com.avalo.precompute.analytics;

import com.avalo.precompute.source.SourceRecords.LikeKind;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Serializable;

/**
 * The engagement figures of one bucket, summed from each record's contribution.
 *
 * <ul>
 *   <li>{@code newUsers}: users created in the bucket;
 *   <li>{@code likes}, {@code superlikes}, {@code passes}: like records of each kind created in it;
 *   <li>{@code matches}: matches created in it; {@code matchRate = matches / (likes + superlikes)}
 *       of the same bucket (a ratio of the bucket's events, not a conversion of its likes; null
 *       when no like or superlike);
 *   <li>{@code messagesSent}: messages sent in it;
 *   <li>{@code chatsStarted}: chats whose first message (earliest {@code sentAt}, then smallest id)
 *       was sent in it; {@code chatsReplied}: those where someone other than the first sender wrote
 *       within the response window (default 24 h) of that first message;
 *       {@code responseRate = chatsReplied / chatsStarted} (null when none started);
 *       {@code chatsAwaitingReply}: started chats not yet replied whose window is still open at
 *       {@code asOf}, so the rate of a bucket is final once this is 0.
 * </ul>
 */
public record EngagementTotals(long newUsers, long likes, long superlikes, long passes,
    long matches, long messagesSent, long chatsStarted, long chatsReplied, long chatsAwaitingReply)
    implements Serializable {

  public static final EngagementTotals ZERO = new EngagementTotals(0, 0, 0, 0, 0, 0, 0, 0, 0);

  public static EngagementTotals newUser() {
    return new EngagementTotals(1, 0, 0, 0, 0, 0, 0, 0, 0);
  }

  public static EngagementTotals like(LikeKind kind) {
    return switch (kind) {
      case like -> new EngagementTotals(0, 1, 0, 0, 0, 0, 0, 0, 0);
      case superlike -> new EngagementTotals(0, 0, 1, 0, 0, 0, 0, 0, 0);
      case pass -> new EngagementTotals(0, 0, 0, 1, 0, 0, 0, 0, 0);
    };
  }

  public static EngagementTotals match() {
    return new EngagementTotals(0, 0, 0, 0, 1, 0, 0, 0, 0);
  }

  public static EngagementTotals messageSent() {
    return new EngagementTotals(0, 0, 0, 0, 0, 1, 0, 0, 0);
  }

  public static EngagementTotals chatStarted(ChatStart start) {
    return new EngagementTotals(0, 0, 0, 0, 0, 0, 1, start.replied() ? 1 : 0,
        start.awaitingReply() ? 1 : 0);
  }

  public EngagementTotals plus(EngagementTotals o) {
    return new EngagementTotals(newUsers + o.newUsers, likes + o.likes, superlikes + o.superlikes,
        passes + o.passes, matches + o.matches, messagesSent + o.messagesSent,
        chatsStarted + o.chatsStarted, chatsReplied + o.chatsReplied,
        chatsAwaitingReply + o.chatsAwaitingReply);
  }

  public Double matchRate() {
    return AnalyticsDocuments.rate(matches, likes + superlikes);
  }

  public Double responseRate() {
    return AnalyticsDocuments.rate(chatsReplied, chatsStarted);
  }

  /** Adds the figures and rates to a document's values. */
  public void writeTo(ObjectNode values, int responseWindowHours) {
    values.put("newUsers", newUsers);
    values.put("likes", likes);
    values.put("superlikes", superlikes);
    values.put("passes", passes);
    values.put("matches", matches);
    values.put("matchRate", matchRate());
    values.put("messagesSent", messagesSent);
    values.put("chatsStarted", chatsStarted);
    values.put("chatsReplied", chatsReplied);
    values.put("chatsAwaitingReply", chatsAwaitingReply);
    values.put("responseRate", responseRate());
    values.put("responseWindowHours", responseWindowHours);
  }
}
