package com.avalo.precompute.seed;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;

/**
 * Writes {@code matches}, {@code chats}, {@code messages} and {@code blocks}: one match and one
 * chat per pair of {@link MatchGraph}, the chat's conversation, and read markers that leave some
 * messages unread. A few matched pairs end in a block; a few users block someone they never
 * matched with.
 *
 * <p>Messages go out as they are drawn; only their times and senders are kept for the chat at
 * hand, to place the read markers.
 */
final class ChatsPhase {
  static final int MAX_MESSAGES_PER_CHAT = 400;
  private static final double MATCH_BLOCK_SHARE = 0.015;
  private static final double RANDOM_BLOCK_SHARE = 0.005;

  private final SeedConfig config;
  private final Population users;
  private final MatchGraph matches;
  private final Ids matchIds;
  private final Ids chatIds;
  private final Ids messageIds;
  private final Ids blockIds;
  private final long[] messageTimes = new long[MAX_MESSAGES_PER_CHAT];
  private final int[] messageSenders = new int[MAX_MESSAGES_PER_CHAT];
  private long nextPair;
  private long nextMessage;
  private long nextBlock;

  ChatsPhase(SeedConfig config, Population users, MatchGraph matches) {
    this.config = config;
    this.users = users;
    this.matches = matches;
    this.matchIds = new Ids(config.seed(), "matches");
    this.chatIds = new Ids(config.seed(), "chats");
    this.messageIds = new Ids(config.seed(), "messages");
    this.blockIds = new Ids(config.seed(), "blocks");
  }

  /** The writers this phase fills. */
  record Outputs(NdjsonWriter matches, NdjsonWriter chats, NdjsonWriter messages,
      NdjsonWriter blocks) {}

  void run(Outputs out, SeedProgress progress) throws IOException {
    ProgressTicker ticker = new ProgressTicker(progress, "chats", users.size);
    for (int u = 0; u < users.size; u++) {
      for (int k = 0; k < matches.degree(u); k++) {
        int partner = matches.partner(u, k);
        if (partner > u) { // each pair once, from its lower end
          writePair(PairPlan.of(config.seed(), users, u, partner), out);
        }
      }
      maybeWriteRandomBlock(u, out.blocks());
      ticker.advanceTo(u + 1);
    }
    ticker.finish();
  }

  private void writePair(PairPlan plan, Outputs out) throws IOException {
    SeedRandom rng = SeedRandom.stream(config.seed(), Streams.CHAT,
        MatchGraph.pairKey(plan.low(), plan.high()));
    String matchId = matchIds.of(nextPair);
    String chatId = chatIds.of(nextPair);
    nextPair++;
    int first = plan.firstLiker();
    int second = plan.other(first);
    long matchedAt = plan.matchedAt();

    JsonGenerator match = out.matches().begin(matchId);
    writeUserPair(match, "userIds", first, second);
    out.matches().timestamp("createdAt", matchedAt);
    match.writeStringField("chatId", chatId);
    out.matches().end();

    int count = writeMessages(chatId, plan, rng, out.messages());
    long lastActivity = count > 0 ? messageTimes[count - 1] : matchedAt;
    JsonGenerator chat = out.chats().begin(chatId);
    writeUserPair(chat, "participants", first, second);
    out.chats().timestamp("createdAt", matchedAt);
    out.chats().timestamp("lastActivityAt", lastActivity);
    chat.writeObjectFieldStart("lastReadAt");
    for (int participant : new int[] {first, second}) {
      long readAt = lastReadAt(participant, count, matchedAt, rng);
      if (readAt >= 0) {
        out.chats().timestamp(users.userId(participant), readAt);
      }
    }
    chat.writeEndObject();
    out.chats().end();

    if (rng.chance(MATCH_BLOCK_SHARE)) {
      int blocker = rng.chance(0.5) ? first : second;
      long at = rng.nextLongBetween(lastActivity, users.lastActiveAt[blocker]);
      writeBlock(blocker, plan.other(blocker), at, out.blocks());
    }
  }

  /**
   * A conversation: a first message some time after the match, then bursts of quick replies
   * and long pauses, ending when either participant stopped using the app.
   */
  private int writeMessages(String chatId, PairPlan plan, SeedRandom rng, NdjsonWriter out)
      throws IOException {
    if (rng.chance(0.25)) {
      return 0;
    }
    long wanted = Math.min(MAX_MESSAGES_PER_CHAT,
        Math.max(1, Math.round(rng.logNormal(config.messagesPerChat(), 1.0))));
    long end = MatchGraph.overlapEnd(users, plan.low(), plan.high());
    int sender = rng.chance(0.6) ? plan.firstLiker() : plan.other(plan.firstLiker());
    long at = plan.matchedAt() + Math.max(1, Math.round(rng.logNormal(3_600, 2.0)));
    int count = 0;
    while (count < wanted && at <= end) {
      messageTimes[count] = at;
      messageSenders[count] = sender;
      count++;
      JsonGenerator json = out.begin(messageIds.of(nextMessage++));
      json.writeStringField("chatId", chatId);
      json.writeStringField("senderId", users.userId(sender));
      json.writeStringField("text", MessageTexts.next(rng));
      out.timestamp("sentAt", at);
      out.end();
      if (rng.chance(0.65)) {
        sender = plan.other(sender);
      }
      double gap = rng.chance(0.7) ? rng.logNormal(90, 1.2) : rng.logNormal(6 * 3_600, 1.5);
      at += Math.max(1, Math.round(gap));
    }
    return count;
  }

  /**
   * Where the participant's read marker stands: caught up with the last message, or behind it
   * so the other's later messages count as unread, or absent (-1) when they never opened the
   * chat. Someone who wrote a message has read everything before it.
   */
  private long lastReadAt(int participant, int count, long matchedAt, SeedRandom rng) {
    int lastOwn = -1;
    for (int i = 0; i < count; i++) {
      if (messageSenders[i] == participant) {
        lastOwn = i;
      }
    }
    double r = rng.nextDouble();
    if (lastOwn < 0 && r < (count == 0 ? 0.3 : 0.15)) {
      return -1;
    }
    boolean canBeBehind = lastOwn < count - 1;
    if (canBeBehind && r > 0.6) {
      int readUpTo = lastOwn + rng.nextInt(count - 1 - lastOwn); // in [lastOwn, count - 2]
      return readUpTo < 0 ? matchedAt : messageTimes[readUpTo];
    }
    long newest = count > 0 ? messageTimes[count - 1] : matchedAt;
    return Math.min(newest + rng.nextInt(600), Math.max(newest, users.lastActiveAt[participant]));
  }

  private void maybeWriteRandomBlock(int u, NdjsonWriter out) throws IOException {
    SeedRandom rng = SeedRandom.stream(config.seed(), Streams.RANDOM_BLOCKS, u);
    if (!rng.chance(RANDOM_BLOCK_SHARE)) {
      return;
    }
    int target = users.samplePopular(users.city[u], users.pickInterestingGender(u, rng), rng);
    if (target < 0 || target == u || matches.areMatched(u, target)) {
      return; // blocks between matched users come from their chat
    }
    long from = Math.max(users.createdAt[u], users.createdAt[target]);
    if (users.lastActiveAt[u] >= from) {
      writeBlock(u, target, rng.nextLongBetween(from, users.lastActiveAt[u]), out);
    }
  }

  private void writeBlock(int from, int to, long at, NdjsonWriter out) throws IOException {
    JsonGenerator json = out.begin(blockIds.of(nextBlock++));
    json.writeStringField("fromUserId", users.userId(from));
    json.writeStringField("toUserId", users.userId(to));
    out.timestamp("createdAt", at);
    out.end();
  }

  private void writeUserPair(JsonGenerator json, String field, int first, int second)
      throws IOException {
    json.writeArrayFieldStart(field);
    json.writeString(users.userId(first));
    json.writeString(users.userId(second));
    json.writeEndArray();
  }
}
