package com.avalo.precompute.feeds;

import com.avalo.precompute.io.ConfigJson;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The feed's ranking weights and blocking limits, read from {@code feeds/ranking.json} on the
 * classpath or from {@code --feedsConfig=PATH}. See {@link FeedScore} for what each weight does and
 * {@link CandidateBlocking} for the blocking limits. Every field is required and unknown fields are
 * errors, so a typo cannot silently fall back to a default.
 *
 * @param weights weights of the score's components, each in [0, 1] after its own normalization
 * @param boosts additive boosts: a candidate who already liked the viewer, a new user
 * @param distanceHalfLifeKm the distance at which the distance component halves
 * @param activityHalfLifeDays the time since last activity at which the activity component halves
 * @param newUserDays a user created less than this many days before asOf is new
 * @param desirabilityPrior Beta prior of the like rate: pseudo-likes and pseudo-passes
 * @param completeness weights of photos, bio and verification in profile completeness
 * @param sharedInterestsSaturation shared interests beyond this many add nothing
 * @param blocking how candidates are blocked by place and preference
 */
public record RankingConfig(
    Weights weights,
    Boosts boosts,
    double distanceHalfLifeKm,
    double activityHalfLifeDays,
    double newUserDays,
    Prior desirabilityPrior,
    Completeness completeness,
    int sharedInterestsSaturation,
    Blocking blocking) implements Serializable {

  /** Classpath resource holding the default configuration. */
  public static final String DEFAULT_RESOURCE = "feeds/ranking.json";

  public record Weights(double distance, double activity, double desirability, double completeness,
      double sharedInterests) implements Serializable {}

  public record Boosts(double likedYou, double newUser) implements Serializable {}

  public record Prior(double likes, double passes) implements Serializable {}

  public record Completeness(double photos, double bio, double verified, int photoTarget)
      implements Serializable {}

  /**
   * @param geohashPrecisions the levels candidates are blocked at, each 1-8; a viewer uses the
   *     finest whose cover of its distance limit has at most {@code maxCellsPerViewer} cells, else
   *     one global block
   * @param maxCellsPerViewer most cells one viewer reads
   * @param maxCandidatesPerBlock most candidates kept per (cell, gender, interested-in) block,
   *     the best by the viewer-independent score
   */
  public record Blocking(List<Integer> geohashPrecisions, int maxCellsPerViewer,
      int maxCandidatesPerBlock) implements Serializable {}

  /** This configuration with other blocking limits. */
  public RankingConfig withBlocking(Blocking other) {
    return new RankingConfig(weights, boosts, distanceHalfLifeKm, activityHalfLifeDays, newUserDays,
        desirabilityPrior, completeness, sharedInterestsSaturation, other);
  }

  /** Reads the configuration at {@code path}, or the default when {@code path} is blank. */
  public static RankingConfig load(String path) {
    if (path == null || path.isBlank()) {
      try (InputStream in = RankingConfig.class.getClassLoader().getResourceAsStream(DEFAULT_RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException("the default feeds config " + DEFAULT_RESOURCE
              + " is missing from the classpath; the build is broken");
        }
        return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "classpath:" + DEFAULT_RESOURCE);
      } catch (IOException e) {
        throw new IllegalStateException("cannot read classpath:" + DEFAULT_RESOURCE, e);
      }
    }
    try {
      return parse(Files.readString(Path.of(path)), path);
    } catch (IOException e) {
      throw new IllegalArgumentException("--feedsConfig=" + path + " cannot be read (" + e
          + "); point it at a ranking.json like " + DEFAULT_RESOURCE + " in the pipelines jar");
    }
  }

  /**
   * Parses and checks a configuration.
   *
   * @param origin named in errors (a path)
   * @throws IllegalArgumentException naming the file, the field and what it must be
   */
  public static RankingConfig parse(String json, String origin) {
    JsonNode root;
    try {
      root = ConfigJson.read(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("feeds config " + origin + " is not valid JSON: "
          + e.getOriginalMessage());
    }
    Fields f = new Fields(root, "", origin);
    if (!root.isObject()) {
      throw new IllegalArgumentException("feeds config " + origin + " must be a JSON object like "
          + DEFAULT_RESOURCE + " in the pipelines module");
    }
    f.only("weights", "boosts", "distanceHalfLifeKm", "activityHalfLifeDays", "newUserDays",
        "desirabilityPrior", "completeness", "sharedInterestsSaturation", "blocking");
    Fields w = f.object("weights");
    w.only("distance", "activity", "desirability", "completeness", "sharedInterests");
    Weights weights = new Weights(w.weight("distance"), w.weight("activity"),
        w.weight("desirability"), w.weight("completeness"), w.weight("sharedInterests"));
    if (weights.distance() + weights.activity() + weights.desirability() + weights.completeness()
        + weights.sharedInterests() <= 0) {
      throw f.error("weights", "must not all be 0");
    }
    Fields b = f.object("boosts");
    b.only("likedYou", "newUser");
    Fields prior = f.object("desirabilityPrior");
    prior.only("likes", "passes");
    Fields c = f.object("completeness");
    c.only("photos", "bio", "verified", "photoTarget");
    Completeness completeness = new Completeness(c.weight("photos"), c.weight("bio"),
        c.weight("verified"), c.integer("photoTarget", 1, 100));
    if (completeness.photos() + completeness.bio() + completeness.verified() <= 0) {
      throw f.error("completeness", "photos, bio and verified must not all be 0");
    }
    Fields k = f.object("blocking");
    k.only("geohashPrecisions", "maxCellsPerViewer", "maxCandidatesPerBlock");
    Blocking blocking = new Blocking(k.precisions("geohashPrecisions"),
        k.integer("maxCellsPerViewer", 1, 1024), k.integer("maxCandidatesPerBlock", 1, 100_000));
    return new RankingConfig(weights, new Boosts(b.weight("likedYou"), b.weight("newUser")),
        f.positive("distanceHalfLifeKm"), f.positive("activityHalfLifeDays"),
        f.nonNegative("newUserDays"), new Prior(prior.positive("likes"), prior.positive("passes")),
        completeness, f.integer("sharedInterestsSaturation", 1, 1000), blocking);
  }

  /** Checked access to one JSON object of the config, naming fields by their dotted path. */
  private record Fields(JsonNode node, String path, String origin) {
    void only(String... known) {
      Set<String> allowed = Set.of(known);
      for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
        String name = names.next();
        if (!allowed.contains(name)) {
          throw error(name, "is not a known field; known here: " + new TreeSet<>(allowed));
        }
      }
    }

    Fields object(String name) {
      JsonNode value = required(name);
      if (!value.isObject()) {
        throw error(name, "must be an object");
      }
      return new Fields(value, path + name + ".", origin);
    }

    double weight(String name) {
      double value = number(name);
      if (value < 0 || value > 10) {
        throw error(name, "must be between 0 and 10, found " + value);
      }
      return value;
    }

    double positive(String name) {
      double value = number(name);
      if (value <= 0) {
        throw error(name, "must be above 0, found " + value);
      }
      return value;
    }

    double nonNegative(String name) {
      double value = number(name);
      if (value < 0) {
        throw error(name, "must not be negative, found " + value);
      }
      return value;
    }

    int integer(String name, int min, int max) {
      JsonNode value = required(name);
      if (!value.isIntegralNumber() || !value.canConvertToInt()
          || value.asInt() < min || value.asInt() > max) {
        throw error(name, "must be a whole number from " + min + " to " + max + ", found " + value);
      }
      return value.asInt();
    }

    List<Integer> precisions(String name) {
      JsonNode value = required(name);
      if (!value.isArray() || value.isEmpty()) {
        throw error(name, "must be a non-empty array of geohash precisions (1-8), e.g. [2, 3, 4, 5]");
      }
      List<Integer> precisions = new ArrayList<>();
      for (JsonNode element : value) {
        int p = element.asInt(-1);
        if (!element.isIntegralNumber() || !element.canConvertToInt() || p < 1 || p > 8
            || (!precisions.isEmpty() && p <= precisions.get(precisions.size() - 1))) {
          throw error(name, "must hold increasing precisions from 1 to 8, found " + value);
        }
        precisions.add(p);
      }
      return List.copyOf(precisions);
    }

    private double number(String name) {
      JsonNode value = required(name);
      if (!value.isNumber() || !Double.isFinite(value.asDouble())) {
        throw error(name, "must be a number, found " + value);
      }
      return value.asDouble();
    }

    private JsonNode required(String name) {
      JsonNode value = node.get(name);
      if (value == null || value.isNull()) {
        throw error(name, "is missing");
      }
      return value;
    }

    IllegalArgumentException error(String name, String problem) {
      return new IllegalArgumentException("feeds config " + origin + ": '" + path + name + "' "
          + problem + " (see " + DEFAULT_RESOURCE + " in the pipelines module for the format)");
    }
  }
}
