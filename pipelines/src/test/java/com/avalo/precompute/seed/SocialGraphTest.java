package com.avalo.precompute.seed;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.BeforeClass;
import org.junit.Test;

/** Likes, matches, blocks, chats, messages and posts hang together like the app's data. */
public class SocialGraphTest {
  private static final Set<String> KINDS = Set.of("like", "superlike", "pass");

  private static final Map<String, Long> userCreatedAt = new HashMap<>();
  private static final Map<String, JsonNode> userById = new HashMap<>();
  private static final Map<String, Long> positiveLikeAt = new HashMap<>();
  private static final Set<String> likedPairs = new HashSet<>();
  private static final Map<String, JsonNode> matchByChatId = new HashMap<>();
  private static final Set<String> matchedPairs = new HashSet<>();

  @BeforeClass
  public static void readUsersLikesAndMatches() {
    SeedFiles.forEach(TestWorld.dir(), SeedCollection.USERS, user -> {
      userCreatedAt.put(user.path("id").asText(), SeedFiles.epoch(user, "createdAt"));
      userById.put(user.path("id").asText(), user);
    });
    SeedFiles.forEach(TestWorld.dir(), SeedCollection.LIKES, like -> {
      String from = like.path("fromUserId").asText();
      String to = like.path("toUserId").asText();
      assertTrue("like of unknown user " + like, isUser(from) && isUser(to));
      assertFalse("self like " + like, from.equals(to));
      assertTrue("second like for " + from + " -> " + to, likedPairs.add(from + ">" + to));
      String kind = like.path("kind").asText();
      assertTrue(like.toString(), KINDS.contains(kind));
      long at = SeedFiles.epoch(like, "createdAt");
      assertTrue("like before a signup " + like,
          at >= userCreatedAt.get(from) && at >= userCreatedAt.get(to));
      if (!kind.equals("pass")) {
        positiveLikeAt.put(from + ">" + to, at);
      }
    });
    SeedFiles.forEach(TestWorld.dir(), SeedCollection.MATCHES, match -> {
      List<String> users = UsersTest.pair(match.path("userIds"));
      assertTrue("match with unknown user " + match, isUser(users.get(0)) && isUser(users.get(1)));
      assertTrue("second match for a pair " + match, matchedPairs.add(unordered(users)));
      assertTrue(match.toString(), matchByChatId.put(match.path("chatId").asText(), match) == null);
    });
  }

  @Test
  public void matchesAreExactlyTheMutualLikePairs() {
    Set<String> mutual = new HashSet<>();
    positiveLikeAt.keySet().forEach(pair -> {
      String[] users = pair.split(">");
      if (positiveLikeAt.containsKey(users[1] + ">" + users[0])) {
        mutual.add(unordered(List.of(users[0], users[1])));
      }
    });
    assertThat(matchedPairs, equalTo(mutual));
    assertThat(mutual.size(), greaterThan(1_000));
    matchByChatId.values().forEach(match -> {
      List<String> users = UsersTest.pair(match.path("userIds"));
      long later = Math.max(positiveLikeAt.get(users.get(0) + ">" + users.get(1)),
          positiveLikeAt.get(users.get(1) + ">" + users.get(0)));
      assertEquals("match time is the second like " + match, later,
          SeedFiles.epoch(match, "createdAt"));
    });
  }

  @Test
  public void positiveLikesStayMostlyInTheCityAndGoToWantedGenders() {
    int[] sameCity = {0};
    int[] wantedGender = {0};
    positiveLikeAt.keySet().forEach(pair -> {
      String[] users = pair.split(">");
      JsonNode from = userById.get(users[0]);
      JsonNode to = userById.get(users[1]);
      sameCity[0] += from.path("city").equals(to.path("city")) ? 1 : 0;
      Set<String> interestedIn = new HashSet<>();
      from.path("interestedIn").forEach(gender -> interestedIn.add(gender.asText()));
      wantedGender[0] += interestedIn.contains(to.path("gender").asText()) ? 1 : 0;
    });
    assertThat(sameCity[0], greaterThan(positiveLikeAt.size() * 8 / 10));
    assertThat(wantedGender[0], greaterThan(positiveLikeAt.size() * 9 / 10));
  }

  @Test
  public void popularUsersReceiveManyLikesAndHaveHundredsOfChats() {
    Map<String, Integer> received = new HashMap<>();
    positiveLikeAt.keySet().forEach(pair -> received.merge(pair.split(">")[1], 1, Integer::sum));
    int mostLiked = Collections.max(received.values());
    assertThat("Zipf head", mostLiked, greaterThan(20 * positiveLikeAt.size() / 3_000));
    Map<String, Integer> chats = new HashMap<>();
    matchByChatId.values().forEach(match -> match.path("userIds")
        .forEach(user -> chats.merge(user.asText(), 1, Integer::sum)));
    assertThat(Collections.max(chats.values()), greaterThanOrEqualTo(100));
  }

  @Test
  public void chatsMirrorTheirMatchAndTrackActivityAndReads() {
    Map<String, Long> lastSentAt = new HashMap<>();
    Map<String, List<String>> participants = new HashMap<>();
    Map<String, Map<String, Long>> readAt = new HashMap<>();
    SeedFiles.forEach(TestWorld.dir(), SeedCollection.CHATS, chat -> {
      String id = chat.path("id").asText();
      JsonNode match = matchByChatId.get(id);
      assertTrue("chat without a match " + chat, match != null);
      assertEquals(match.path("userIds"), chat.path("participants"));
      assertEquals(match.path("createdAt"), chat.path("createdAt"));
      participants.put(id, UsersTest.pair(chat.path("participants")));
      Map<String, Long> reads = new HashMap<>();
      chat.path("lastReadAt").fields().forEachRemaining(
          entry -> reads.put(entry.getKey(), SeedFiles.epoch(entry.getValue().asText())));
      assertTrue(chat.toString(), participants.get(id).containsAll(reads.keySet()));
      readAt.put(id, reads);
    });
    assertEquals("one chat per match", matchByChatId.keySet(), participants.keySet());

    int[] unreadChats = {0};
    int[] longTexts = {0};
    int[] nonBmpTexts = {0};
    int[] emojiAcrossCut = {0};
    SeedFiles.forEach(TestWorld.dir(), SeedCollection.MESSAGES, message -> {
      String chatId = message.path("chatId").asText();
      String sender = message.path("senderId").asText();
      assertTrue("message outside a chat's participants " + message,
          participants.containsKey(chatId) && participants.get(chatId).contains(sender));
      long sentAt = SeedFiles.epoch(message, "sentAt");
      long previous = lastSentAt.getOrDefault(chatId,
          SeedFiles.epoch(matchByChatId.get(chatId), "createdAt"));
      assertTrue("messages of a chat are strictly ordered, after it opened " + message,
          sentAt > previous);
      lastSentAt.put(chatId, sentAt);
      String other = participants.get(chatId).get(0).equals(sender)
          ? participants.get(chatId).get(1) : participants.get(chatId).get(0);
      Long otherReadAt = readAt.get(chatId).get(other);
      unreadChats[0] += otherReadAt != null && sentAt > otherReadAt ? 1 : 0;
      String text = message.path("text").asText();
      longTexts[0] += text.length() > 200 ? 1 : 0;
      nonBmpTexts[0] += text.codePoints().anyMatch(Character::isSupplementaryCodePoint) ? 1 : 0;
      emojiAcrossCut[0] += text.length() > 200 && Character.isHighSurrogate(text.charAt(199))
          ? 1 : 0;
    });
    assertThat("unread messages exist", unreadChats[0], greaterThan(0));
    assertThat(longTexts[0], greaterThan(0));
    assertThat(nonBmpTexts[0], greaterThan(0));
    assertThat(emojiAcrossCut[0], greaterThan(0));
    assertTrue("some participant never opened a chat",
        readAt.values().stream().anyMatch(reads -> reads.size() < 2));

    SeedFiles.forEach(TestWorld.dir(), SeedCollection.CHATS, chat -> assertEquals(
        "lastActivityAt is the last message, or the chat's creation " + chat,
        (long) lastSentAt.getOrDefault(chat.path("id").asText(),
            SeedFiles.epoch(chat, "createdAt")), SeedFiles.epoch(chat, "lastActivityAt")));
  }

  @Test
  public void blocksAreFewAndSomeEndAMatch() {
    Set<String> blocked = new HashSet<>();
    int[] betweenMatches = {0};
    SeedFiles.forEach(TestWorld.dir(), SeedCollection.BLOCKS, block -> {
      String from = block.path("fromUserId").asText();
      String to = block.path("toUserId").asText();
      assertTrue(block.toString(), isUser(from) && isUser(to) && !from.equals(to));
      assertTrue("duplicate block " + block, blocked.add(from + ">" + to));
      betweenMatches[0] += matchedPairs.contains(unordered(List.of(from, to))) ? 1 : 0;
    });
    assertThat(betweenMatches[0], greaterThan(0));
    assertThat(blocked.size(), greaterThan(0));
    assertTrue("blocks are rare", blocked.size() < userCreatedAt.size() / 10);
  }

  @Test
  public void postsBelongToUsersAndMediaIdsAreGloballyUnique() {
    Set<String> mediaIds = new HashSet<>();
    SeedFiles.forEach(TestWorld.dir(), SeedCollection.POSTS, post -> {
      String author = post.path("authorId").asText();
      assertTrue(post.toString(), isUser(author));
      assertTrue(post.toString(), SeedFiles.epoch(post, "createdAt") >= userCreatedAt.get(author));
      post.path("media").forEach(media -> {
        assertTrue("media id reused " + post, mediaIds.add(media.path("id").asText()));
        assertTrue(post.toString(), SeedFiles.ID.matcher(media.path("id").asText()).matches()
            && media.path("url").asText().startsWith("https://")
            && media.path("width").intValue() > 0 && media.path("height").intValue() > 0
            && media.size() == 4);
      });
    });
    assertThat(mediaIds.size(), greaterThan(0));
  }

  private static boolean isUser(String id) {
    return userCreatedAt.containsKey(id);
  }

  private static String unordered(List<String> users) {
    return users.get(0).compareTo(users.get(1)) < 0
        ? users.get(0) + "|" + users.get(1) : users.get(1) + "|" + users.get(0);
  }
}
