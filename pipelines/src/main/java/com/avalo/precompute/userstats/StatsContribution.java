package com.avalo.precompute.userstats;

import com.avalo.precompute.schemas.TokenBalance;
import com.avalo.precompute.schemas.UserStats;
import java.io.Serializable;

/**
 * One record's share of a user's stats and token balance. Contributions add up, so the job sums
 * them per user with a combiner instead of gathering every record of a popular user on one worker.
 */
public record StatsContribution(
    long likesGiven,
    long likesReceived,
    long superlikesGiven,
    long superlikesReceived,
    long passesGiven,
    long passesReceived,
    long matches,
    long messagesSent,
    long messagesReceived,
    long chatsOtherWroteFirst,
    long chatsAnswered,
    long posts,
    long tokensPurchased,
    long tokensRefunded,
    long tokensSpent) implements Serializable {

  public static final StatsContribution NONE = new StatsContribution(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

  public StatsContribution plus(StatsContribution o) {
    return new StatsContribution(likesGiven + o.likesGiven, likesReceived + o.likesReceived,
        superlikesGiven + o.superlikesGiven, superlikesReceived + o.superlikesReceived,
        passesGiven + o.passesGiven, passesReceived + o.passesReceived, matches + o.matches,
        messagesSent + o.messagesSent, messagesReceived + o.messagesReceived,
        chatsOtherWroteFirst + o.chatsOtherWroteFirst, chatsAnswered + o.chatsAnswered,
        posts + o.posts, tokensPurchased + o.tokensPurchased, tokensRefunded + o.tokensRefunded,
        tokensSpent + o.tokensSpent);
  }

  /** The stats payload; the response rate is null when no chat had the other participant write first. */
  public UserStats toStats(String uid) {
    Double responseRate = chatsOtherWroteFirst == 0 ? null : (double) chatsAnswered / chatsOtherWroteFirst;
    return new UserStats(uid, likesGiven, likesReceived, superlikesGiven, superlikesReceived,
        passesGiven, passesReceived, matches, messagesSent, messagesReceived, responseRate, posts);
  }

  /** The token balance: completed purchases minus refunds minus spends. */
  public TokenBalance toTokens(String uid) {
    return new TokenBalance(uid, tokensPurchased, tokensRefunded, tokensSpent,
        tokensPurchased - tokensRefunded - tokensSpent);
  }

  static Builder builder() {
    return new Builder();
  }

  /** Builds a contribution with a few non-zero fields. */
  static final class Builder {
    private final long[] v = new long[15];

    Builder likesGiven(long n) { v[0] += n; return this; }
    Builder likesReceived(long n) { v[1] += n; return this; }
    Builder superlikesGiven(long n) { v[2] += n; return this; }
    Builder superlikesReceived(long n) { v[3] += n; return this; }
    Builder passesGiven(long n) { v[4] += n; return this; }
    Builder passesReceived(long n) { v[5] += n; return this; }
    Builder matches(long n) { v[6] += n; return this; }
    Builder messagesSent(long n) { v[7] += n; return this; }
    Builder messagesReceived(long n) { v[8] += n; return this; }
    Builder chatsOtherWroteFirst(long n) { v[9] += n; return this; }
    Builder chatsAnswered(long n) { v[10] += n; return this; }
    Builder posts(long n) { v[11] += n; return this; }
    Builder tokensPurchased(long n) { v[12] += n; return this; }
    Builder tokensRefunded(long n) { v[13] += n; return this; }
    Builder tokensSpent(long n) { v[14] += n; return this; }

    StatsContribution build() {
      return new StatsContribution(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9],
          v[10], v[11], v[12], v[13], v[14]);
    }
  }
}
