package com.avalo.precompute.seed;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** At the default 10,000 users, chat lists reach the sizes the serving path must handle. */
public class PopularUsersTest {
  @Rule public TemporaryFolder temp = new TemporaryFolder();

  @Test
  public void someUserHasAtLeastThreeHundredChatsAtTenThousandUsers() throws IOException {
    SeedConfig config = SeedConfig.defaults();
    Path dir = temp.getRoot().toPath();
    new SeedGenerator().generate(config, dir, SeedProgress.none());
    Map<String, Integer> chats = new HashMap<>();
    SeedFiles.forEach(dir, SeedCollection.CHATS, chat -> chat.path("participants")
        .forEach(user -> chats.merge(user.asText(), 1, Integer::sum)));
    int most = Collections.max(chats.values());
    assertThat(most, greaterThanOrEqualTo(300));
    assertThat(most, lessThanOrEqualTo(config.maxMatchesPerUser()));
  }
}
