package com.avalo.precompute.seed;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class SeedMutatorTest {
  @Rule public final TemporaryFolder temp = new TemporaryFolder();

  /**
   * A day of app use adds likes the app could have made: of someone the user has not swiped yet.
   * Most added likes went to a chat partner, whom the user had liked already when they matched.
   */
  @Test
  public void anAddedLikeIsOfSomeoneTheUserHadNotSwiped() throws Exception {
    Path out = temp.getRoot().toPath().resolve("mutated");
    Map<String, Integer> changed = SeedMutator.mutate(TestWorld.dir(), out, 100, 11);
    assertTrue(changed.toString(), changed.get("likes") > 100);
    Set<String> before = new HashSet<>();
    SeedFiles.forEach(TestWorld.dir(), SeedCollection.LIKES,
        like -> before.add(like.path("fromUserId").asText() + ">" + like.path("toUserId").asText()));
    Map<String, JsonNode> users = new HashMap<>();
    SeedFiles.forEach(TestWorld.dir(), SeedCollection.USERS, user -> users.put(user.path("id").asText(), user));
    int added = 0;
    int ofTheirGender = 0;
    for (String line : Files.readAllLines(out.resolve("likes.ndjson"))) {
      JsonNode like = com.avalo.precompute.schemas.Json.read(line);
      if (!like.path("id").asText().startsWith("mut1-")) {
        continue;
      }
      added++;
      String from = like.path("fromUserId").asText();
      String to = like.path("toUserId").asText();
      assertTrue(line, !from.equals(to) && before.add(from + ">" + to));
      for (JsonNode gender : users.get(from).path("interestedIn")) {
        ofTheirGender += gender.asText().equals(users.get(to).path("gender").asText()) ? 1 : 0;
      }
    }
    assertEquals((int) changed.get("likes"), added);
    assertTrue(ofTheirGender + " of " + added, ofTheirGender > added * 9 / 10);
  }

  /**
   * Two user ids with one 32-bit hash ("Aa" and "BB" share theirs) get records of their own: ids
   * hashed from uid.hashCode() collided at scale, and the job dead-lettered one of each pair.
   */
  @Test
  public void addedRecordsOfUsersWhoseIdsShareAHashHaveDistinctIds() {
    assertEquals("u_Aa".hashCode(), "u_BB".hashCode());
    assertNotEquals(SeedMutator.id(42, "u_Aa", 2), SeedMutator.id(42, "u_BB", 2));
    assertNotEquals("a world mutated twice gets new ids", SeedMutator.id(42, "u_Aa", 2),
        SeedMutator.id(43, "u_Aa", 2));
  }
}
