package com.avalo.precompute.feeds;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import com.avalo.precompute.io.JobChecks;
import com.avalo.precompute.io.PrecomputeOptions;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class RankingConfigTest {
  @Rule public TemporaryFolder folder = new TemporaryFolder();

  @Test
  public void theDefaultLoadsFromTheClasspath() {
    RankingConfig config = RankingConfig.load("");
    assertEquals(0.30, config.weights().distance(), 0);
    assertEquals(List.of(2, 3, 4, 5), config.blocking().geohashPrecisions());
    assertEquals(300, config.blocking().maxCandidatesPerBlock());
  }

  @Test
  public void aFileOverridesTheDefault() throws Exception {
    Path file = write(root -> ((ObjectNode) root.get("boosts")).put("likedYou", 0.9));
    assertEquals(0.9, RankingConfig.load(file.toString()).boosts().likedYou(), 0);
  }

  @Test
  public void brokenConfigsSayWhatToFix() throws Exception {
    assertBroken(root -> ((ObjectNode) root.get("weights")).put("distance", -1),
        "'weights.distance' must be between 0 and 10");
    assertBroken(root -> ((ObjectNode) root.get("weights")).put("distnce", 1),
        "'weights.distnce' is not a known field");
    assertBroken(root -> ((ObjectNode) root.get("weights")).remove("activity"),
        "'weights.activity' is missing");
    assertBroken(root -> ((ObjectNode) root).put("distanceHalfLifeKm", 0),
        "'distanceHalfLifeKm' must be above 0");
    assertBroken(root -> ((ObjectNode) root.get("weights")).put("sharedInterests", "high"),
        "'weights.sharedInterests' must be a number");
    assertBroken(root -> ((ObjectNode) root.get("blocking")).putArray("geohashPrecisions").add(5).add(4),
        "'blocking.geohashPrecisions' must hold increasing precisions");
    // 2^32 + 2 is no precision, and must not be read as 2 (its low 32 bits).
    assertBroken(root -> ((ObjectNode) root.get("blocking")).putArray("geohashPrecisions")
        .add(4_294_967_298L).add(3), "'blocking.geohashPrecisions' must hold increasing precisions");
    assertBroken(root -> ((ObjectNode) root.get("blocking")).put("maxCandidatesPerBlock", 0),
        "'blocking.maxCandidatesPerBlock' must be a whole number from 1 to");
    assertBroken(root -> {
      ObjectNode weights = (ObjectNode) root.get("weights");
      List.of("distance", "activity", "desirability", "completeness", "sharedInterests")
          .forEach(name -> weights.put(name, 0));
    }, "'weights' must not all be 0");

    Path notJson = folder.newFile("broken.json").toPath();
    Files.writeString(notJson, "{ \"weights\": ");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> RankingConfig.load(notJson.toString()));
    assertThat(e.getMessage(), containsString("is not valid JSON"));

    Path twoValues = folder.newFile("two-values.json").toPath();
    Files.writeString(twoValues, "{}\n{}");
    e = assertThrows(IllegalArgumentException.class, () -> RankingConfig.load(twoValues.toString()));
    assertThat(e.getMessage(), containsString("is not valid JSON: Trailing token"));

    // Jackson would keep the second and drop the first without a word.
    Path twice = folder.newFile("twice.json").toPath();
    Files.writeString(twice, "{\"pageSize\": 20, \"pageSize\": 50}");
    e = assertThrows(IllegalArgumentException.class, () -> RankingConfig.load(twice.toString()));
    assertThat(e.getMessage(), containsString("is not valid JSON: Duplicate field 'pageSize'"));

    e = assertThrows(IllegalArgumentException.class, () -> RankingConfig.load("/no/such/ranking.json"));
    assertThat(e.getMessage(), containsString("--feedsConfig=/no/such/ranking.json cannot be read"));
  }

  @Test
  public void validateRejectsBadOptionsAndConfig() throws Exception {
    FeedsJob job = new FeedsJob();
    JobChecks.validate(job, options());

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> JobChecks.validate(job, options("--feedPageSize=0")));
    assertThat(e.getMessage(), containsString("--feedPageSize=0 must be from 1"));
    e = assertThrows(IllegalArgumentException.class,
        () -> JobChecks.validate(job, options("--feedMaxCandidates=-5")));
    assertThat(e.getMessage(), containsString("--feedMaxCandidates=-5"));

    Path broken = write(root -> ((ObjectNode) root.get("boosts")).remove("newUser"));
    e = assertThrows(IllegalArgumentException.class,
        () -> JobChecks.validate(job, options("--feedsConfig=" + broken)));
    assertThat(e.getMessage(), containsString("'boosts.newUser' is missing"));
  }

  @Test
  public void optionsHaveTheirDefaults() {
    FeedsOptions options = options().as(FeedsOptions.class);
    assertEquals(200, options.getFeedMaxCandidates());
    assertEquals(20, options.getFeedPageSize());
    assertEquals("", options.getFeedsConfig());
    assertEquals(10, FeedSettings.from(options).maxPages());
  }

  private static PrecomputeOptions options(String... args) {
    PipelineOptionsFactory.register(FeedsOptions.class);
    return PipelineOptionsFactory.fromArgs(args).as(FeedsOptions.class);
  }

  private void assertBroken(Consumer<com.fasterxml.jackson.databind.JsonNode> edit, String message)
      throws Exception {
    Path file = write(edit);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> RankingConfig.load(file.toString()));
    assertThat(e.getMessage(), containsString(message));
    assertThat(e.getMessage(), containsString(file.toString()));
  }

  private Path write(Consumer<com.fasterxml.jackson.databind.JsonNode> edit) throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    com.fasterxml.jackson.databind.JsonNode root = mapper.readTree(
        getClass().getClassLoader().getResourceAsStream(RankingConfig.DEFAULT_RESOURCE));
    edit.accept(root);
    Path file = folder.newFile().toPath();
    Files.writeString(file, mapper.writeValueAsString(root));
    return file;
  }
}
