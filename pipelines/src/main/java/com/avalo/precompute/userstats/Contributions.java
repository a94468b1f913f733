package com.avalo.precompute.userstats;

import com.avalo.precompute.source.SourceRecords.Chat;
import com.avalo.precompute.source.SourceRecords.Like;
import com.avalo.precompute.source.SourceRecords.Match;
import com.avalo.precompute.source.SourceRecords.Message;
import com.avalo.precompute.source.SourceRecords.Purchase;
import com.avalo.precompute.source.SourceRecords.PurchaseStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Pure functions from source records to per-user {@link StatsContribution}s. */
public final class Contributions {
  private Contributions() {}

  /** A like counts for its giver and its receiver, by kind. */
  public static List<Map.Entry<String, StatsContribution>> of(Like like) {
    StatsContribution.Builder given = StatsContribution.builder();
    StatsContribution.Builder received = StatsContribution.builder();
    switch (like.kind()) {
      case like -> { given.likesGiven(1); received.likesReceived(1); }
      case superlike -> { given.superlikesGiven(1); received.superlikesReceived(1); }
      case pass -> { given.passesGiven(1); received.passesReceived(1); }
    }
    return List.of(Map.entry(like.fromUserId(), given.build()),
        Map.entry(like.toUserId(), received.build()));
  }

  public static List<Map.Entry<String, StatsContribution>> of(Match match) {
    StatsContribution one = StatsContribution.builder().matches(1).build();
    return match.userIds().stream().map(uid -> Map.entry(uid, one)).toList();
  }

  /** Refund records subtract: a refund is its own purchase record with status {@code refunded}. */
  public static Map.Entry<String, StatsContribution> of(Purchase purchase) {
    StatsContribution.Builder tokens = StatsContribution.builder();
    if (purchase.status() == PurchaseStatus.completed) {
      tokens.tokensPurchased(purchase.tokens());
    } else {
      tokens.tokensRefunded(purchase.tokens());
    }
    return Map.entry(purchase.userId(), tokens.build());
  }

  /**
   * What one chat adds to its participants: messages sent and received, and whether the
   * participant who did not write first answered after the other's first message.
   *
   * @param messages the chat's messages, any order; each sender is a participant
   */
  public static List<Map.Entry<String, StatsContribution>> of(Chat chat, List<Message> messages) {
    List<Map.Entry<String, StatsContribution>> out = new ArrayList<>();
    if (messages.isEmpty()) {
      return out;
    }
    List<Message> ordered = new ArrayList<>(messages);
    ordered.sort(Message.SENT_ORDER);
    for (String participant : chat.participants()) {
      long sent = ordered.stream().filter(m -> m.senderId().equals(participant)).count();
      StatsContribution.Builder contribution = StatsContribution.builder()
          .messagesSent(sent).messagesReceived(ordered.size() - sent);
      Message first = ordered.get(0);
      if (!first.senderId().equals(participant)) {
        contribution.chatsOtherWroteFirst(1);
        boolean answered = ordered.stream().anyMatch(m -> m.senderId().equals(participant));
        contribution.chatsAnswered(answered ? 1 : 0);
      }
      out.add(Map.entry(participant, contribution.build()));
    }
    return out;
  }
}
