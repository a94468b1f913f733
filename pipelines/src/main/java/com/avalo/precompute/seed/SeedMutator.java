package com.avalo.precompute.seed;

import com.avalo.precompute.schemas.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Changes a seeded world a little, deterministically, as a day of app use would: about
 * {@code percent}% of users (chosen by a hash of the seed and their id) each get one change, in
 * turn: new likes, an edited bio, a purchase, a block with someone they chat with, a deleted
 * account. Every other record is copied as it is. For measuring incremental runs: what changed is
 * known, so what a rerun writes can be checked against it.
 *
 * <p>Each added record is dated one second after the later signup of the users it involves, so
 * it counts at any {@code --as-of} at which they exist.
 */
public final class SeedMutator {
  private static final String[] KINDS = {"likes", "bio", "purchase", "block", "deleted"};
  private static final long STREAM = 0x6d75746174L;

  private SeedMutator() {}

  /**
   * Writes the changed world to {@code out}.
   *
   * @return how many users got each kind of change
   * @throws IllegalArgumentException when {@code from} is not a seeded world or percent is out of (0, 100]
   */
  public static Map<String, Integer> mutate(Path from, Path out, double percent, long seed)
      throws IOException {
    if (!(percent > 0 && percent <= 100)) {
      throw new IllegalArgumentException("--mutate takes a percentage in (0, 100], not " + percent);
    }
    if (!Files.isRegularFile(from.resolve("users.ndjson"))) {
      throw new IllegalArgumentException(from + " holds no users.ndjson: give --from a directory"
          + " that 'precompute seed' wrote");
    }
    // A world whose writing was cut short would come out with a manifest of its own, as whole.
    if (Files.exists(from.resolve(SeedDirectory.INCOMPLETE))
        || !Files.isRegularFile(from.resolve(SeedDirectory.MANIFEST))) {
      throw new IllegalArgumentException(from + " is not a finished seed (it has "
          + (Files.exists(from.resolve(SeedDirectory.INCOMPLETE)) ? SeedDirectory.INCOMPLETE
              : "no " + SeedDirectory.MANIFEST) + "): seed it again, then mutate it");
    }
    SeedDirectory.startWriting(out);
    List<ObjectNode> users = read(from.resolve("users.ndjson"));
    Map<String, ObjectNode> byId = new HashMap<>();
    users.forEach(user -> byId.put(user.get("id").asText(), user));
    Map<String, List<String>> partners = chatPartners(from.resolve("chats.ndjson"));

    Map<String, List<ObjectNode>> added = new LinkedHashMap<>();
    for (String collection : List.of("likes", "purchases", "blocks")) {
      added.put(collection, new ArrayList<>());
    }
    Map<String, Integer> counts = new TreeMap<>();
    Map<Integer, String> kinds = new LinkedHashMap<>();
    for (int i = 0; i < users.size(); i++) {
      long hash = SeedRandom.hash(seed, STREAM, users.get(i).get("id").asText().hashCode());
      if (Math.floorMod(hash, 1_000_000L) < percent * 10_000) {
        kinds.put(i, KINDS[kinds.size() % KINDS.length]);
      }
    }
    Map<String, Set<String>> swiped = swipedBy(from.resolve("likes.ndjson"), kinds.entrySet()
        .stream().filter(kind -> kind.getValue().equals("likes"))
        .map(kind -> users.get(kind.getKey()).get("id").asText()).collect(Collectors.toSet()));
    for (Map.Entry<Integer, String> chosen : kinds.entrySet()) {
      int i = chosen.getKey();
      String kind = chosen.getValue();
      ObjectNode user = users.get(i);
      String uid = user.get("id").asText();
      long hash = SeedRandom.hash(seed, STREAM, uid.hashCode());
      String other = kind.equals("likes")
          ? likeTarget(users, i, swiped.getOrDefault(uid, Set.of()))
          : pick(users, partners.getOrDefault(uid, List.of()), i, hash);
      Instant at = later(user, byId.get(other)).plusSeconds(1);
      switch (kind) {
        case "likes" -> added.get("likes").add(record(id(seed, uid, 1), Map.of("fromUserId", uid,
            "toUserId", other, "kind", "like", "createdAt", at.toString())));
        case "bio" -> user.put("bio", user.path("bio").asText("") + " (edited)");
        case "purchase" -> added.get("purchases").add(record(id(seed, uid, 2), Map.of("userId", uid,
            "productId", "tokens_100", "tokens", 100, "amountMinor", 499, "currency", "USD",
            "status", "completed", "createdAt", at.toString())));
        case "block" -> added.get("blocks").add(record(id(seed, uid, 3), Map.of("fromUserId", uid,
            "toUserId", other, "createdAt", at.toString())));
        default -> user.put("status", "deleted");
      }
      counts.merge(kind, 1, Integer::sum);
    }

    write(out.resolve("users.ndjson"), users);
    try (var files = Files.list(from)) {
      for (Path file : files.toList()) {
        String name = file.getFileName().toString();
        String collection = name.replace(".ndjson", "");
        if (name.equals("users.ndjson") || name.equals(SeedDirectory.MANIFEST)
            || name.equals(SeedDirectory.INCOMPLETE) || !Files.isRegularFile(file)) {
          continue;
        }
        Files.copy(file, out.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        if (added.containsKey(collection)) {
          append(out.resolve(name), added.remove(collection));
        }
      }
    }
    for (Map.Entry<String, List<ObjectNode>> rest : added.entrySet()) {
      append(out.resolve(rest.getKey() + ".ndjson"), rest.getValue());
    }
    writeManifest(from, out, percent, seed, counts);
    return counts;
  }

  /**
   * The world's manifest with the copy's own counts, and what the mutation was. A copy of the
   * world's manifest counted records the copy no longer has, or not the ones it added.
   */
  private static void writeManifest(Path from, Path out, double percent, long seed,
      Map<String, Integer> changes) throws IOException {
    Path original = from.resolve(SeedDirectory.MANIFEST);
    ObjectNode manifest = Files.isRegularFile(original)
        ? (ObjectNode) Json.read(Files.readString(original, StandardCharsets.UTF_8))
        : Json.MAPPER.createObjectNode().put("format", "avalo-seed/1");
    ObjectNode counts = manifest.putObject("counts");
    for (SeedCollection collection : SeedCollection.values()) {
      Path file = out.resolve(collection.fileName());
      long records = 0;
      if (Files.exists(file)) {
        try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
          records = lines.filter(line -> !line.isBlank()).count();
        }
      }
      counts.put(collection.collectionName(), records);
    }
    ObjectNode mutation = manifest.putObject("mutation").put("percent", percent).put("seed", seed);
    mutation.set("changedUsers", Json.MAPPER.valueToTree(changes));
    SeedDirectory.finishWriting(out,
        (Json.writePretty(manifest) + "\n").getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Whom the user at {@code index} likes: the next user in the file they have not swiped yet and
   * whose gender they are interested in, else the next they have not swiped. A chat partner, as
   * before, was nearly always a match, so the like repeated one both of them had made already.
   */
  private static String likeTarget(List<ObjectNode> users, int index, Set<String> swiped) {
    ObjectNode user = users.get(index);
    Set<String> interestedIn = new java.util.HashSet<>();
    user.path("interestedIn").forEach(gender -> interestedIn.add(gender.asText()));
    String fallback = null;
    for (int step = 1; step < Math.min(users.size(), 1_000); step++) {
      ObjectNode other = users.get((index + step) % users.size());
      String id = other.get("id").asText();
      if (swiped.contains(id) || other.path("status").asText().equals("deleted")) {
        continue;
      }
      if (interestedIn.contains(other.path("gender").asText())) {
        return id;
      }
      if (fallback == null) {
        fallback = id;
      }
    }
    return fallback != null ? fallback : users.get((index + 1) % users.size()).get("id").asText();
  }

  /** Whom each of {@code likers} has swiped (liked, superliked or passed) in the world. */
  private static Map<String, Set<String>> swipedBy(Path likes, Set<String> likers)
      throws IOException {
    Map<String, Set<String>> swiped = new HashMap<>();
    if (likers.isEmpty() || !Files.exists(likes)) {
      return swiped;
    }
    try (var lines = Files.lines(likes, StandardCharsets.UTF_8)) {
      lines.filter(line -> !line.isBlank()).forEach(line -> {
        JsonNode like = Json.read(line);
        String liker = like.path("fromUserId").asText();
        if (likers.contains(liker)) {
          swiped.computeIfAbsent(liker, k -> new java.util.HashSet<>())
              .add(like.path("toUserId").asText());
        }
      });
    }
    return swiped;
  }

  /** A chat partner of the user when there is one, else the next user in the file. */
  private static String pick(List<ObjectNode> users, List<String> partners, int index, long hash) {
    if (!partners.isEmpty()) {
      return partners.get((int) Math.floorMod(hash >>> 20, (long) partners.size()));
    }
    return users.get((index + 1) % users.size()).get("id").asText();
  }

  private static Instant later(ObjectNode user, ObjectNode other) {
    Instant mine = Instant.parse(user.get("createdAt").asText());
    Instant theirs = other == null ? mine : Instant.parse(other.get("createdAt").asText());
    return mine.isAfter(theirs) ? mine : theirs;
  }

  private static Map<String, List<String>> chatPartners(Path chats) throws IOException {
    Map<String, List<String>> partners = new HashMap<>();
    if (!Files.exists(chats)) {
      return partners;
    }
    for (ObjectNode chat : read(chats)) {
      JsonNode pair = chat.get("participants");
      partners.computeIfAbsent(pair.get(0).asText(), k -> new ArrayList<>()).add(pair.get(1).asText());
      partners.computeIfAbsent(pair.get(1).asText(), k -> new ArrayList<>()).add(pair.get(0).asText());
    }
    return partners;
  }

  /**
   * The id of the record of {@code kind} added for {@code uid}: from the whole id, which is unique,
   * and the seed, so a world mutated twice gets new ids. Hashed from {@code uid.hashCode()}, ids
   * collided at scale (16 duplicate purchase ids at 1M users, --mutate 100), and the job
   * dead-lettered one record of each pair.
   */
  static String id(long seed, String uid, int kind) {
    return "mut" + kind + "-" + Long.toUnsignedString(seed, 36) + "-" + uid;
  }

  private static ObjectNode record(String id, Map<String, Object> fields) {
    ObjectNode node = Json.MAPPER.createObjectNode().put("id", id);
    new TreeMap<>(fields).forEach((name, value) -> node.set(name, Json.MAPPER.valueToTree(value)));
    return node;
  }

  private static List<ObjectNode> read(Path file) throws IOException {
    List<ObjectNode> records = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (!line.isBlank()) {
        records.add((ObjectNode) Json.read(line));
      }
    }
    return records;
  }

  private static void write(Path file, List<ObjectNode> records, OpenOption... options)
      throws IOException {
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, options)) {
      for (ObjectNode record : records) {
        out.write(Json.write(record));
        out.write('\n');
      }
    }
  }

  private static void append(Path file, List<ObjectNode> records) throws IOException {
    write(file, records, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }
}
