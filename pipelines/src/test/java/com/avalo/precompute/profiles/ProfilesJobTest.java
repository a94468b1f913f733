package com.avalo.precompute.profiles;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.avalo.precompute.io.PrecomputeJob;
import com.avalo.precompute.io.PrecomputeOptions;
import com.avalo.precompute.io.PrecomputeRunner;
import com.avalo.precompute.io.RunSummary;
import com.avalo.precompute.schemas.MediaCard;
import com.avalo.precompute.serving.store.SqliteCacheStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class ProfilesJobTest {
  @Rule public TemporaryFolder temp = new TemporaryFolder();

  @Test
  public void aMediaIdListedAgainKeepsTheEarliestPostsCardAndDeadLettersTheOthers() throws Exception {
    Path input = temp.newFolder("in").toPath();
    try (Stream<Path> files = Files.list(Path.of("src/test/resources/fixtures/small"))) {
      for (Path file : files.toList()) {
        Files.copy(file, input.resolve(file.getFileName().toString()));
      }
    }
    // bob reposts alice's photo md1 (first posted in p1, on 2026-10-01), listing it twice.
    String md1 = "{\"id\":\"md1\",\"url\":\"https://cdn.example/md1.jpg\",\"width\":1080,\"height\":1350}";
    Files.writeString(input.resolve("posts.ndjson"), "{\"id\":\"p9\",\"authorId\":\"bob02\","
            + "\"text\":\"Repost\",\"media\":[" + md1 + "," + md1 + "],"
            + "\"createdAt\":\"2026-10-03T10:00:00Z\"}\n",
        StandardOpenOption.APPEND);
    Path db = temp.getRoot().toPath().resolve("c.db");
    List<PrecomputeJob> jobs = List.of(new ProfilesJob());
    PrecomputeOptions options = PrecomputeRunner.parseOptions(jobs, new String[] {
        "--input=" + input, "--store=sqlite:" + db, "--asOf=2026-11-20", "--runId=r1"});

    RunSummary summary = PrecomputeRunner.run(jobs, options);

    assertEquals(2L, (long) summary.deadLettered().get("posts"));
    try (SqliteCacheStore store = SqliteCacheStore.open(db)) {
      assertEquals("p1", store.get("media:md1").orElseThrow().payloadAs(MediaCard.class).postId());
      assertTrue(store.get("post:p9").isPresent());
    }
    List<String> letters = deadLetters(temp.getRoot().toPath().resolve("dead-letters/r1"));
    assertEquals(letters.toString(), 2, letters.size());
    for (String letter : letters) {
      assertTrue(letter, letter.contains("'md1'") && letter.contains("post 'p1' was written")
          && letter.contains("in post 'p9'") && letter.contains("\"origin\":\"posts/p9\""));
    }
  }

  private static List<String> deadLetters(Path dir) throws Exception {
    List<String> lines = new ArrayList<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.filter(f -> f.getFileName().toString().startsWith("dead-letters-"))
          .toList()) {
        Files.readAllLines(file).stream().filter(line -> !line.isBlank()).forEach(lines::add);
      }
    }
    return lines;
  }
}
