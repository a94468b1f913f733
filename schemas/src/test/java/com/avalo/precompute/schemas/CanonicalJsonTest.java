package com.avalo.precompute.schemas;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.math.BigInteger;
import java.util.Random;
import org.junit.Test;

/**
 * The canonical form walks the tree itself; it must give exactly the bytes of its definition (the
 * tree converted to maps and lists, written with sorted map keys), or every content hash changes.
 */
public class CanonicalJsonTest {
  /** The definition the hashes were first made with. */
  private static final ObjectMapper DEFINITION = JsonMapper.builder()
      .addModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
      .build();

  @Test
  public void everySampleDocumentHasTheBytesOfTheDefinition() throws Exception {
    for (DocumentType type : DocumentType.values()) {
      for (boolean withNulls : new boolean[] {false, true}) {
        JsonNode payload = SampleDocuments.document(type, withNulls).payload();
        assertArrayEquals(type + " " + withNulls, definition(payload), Json.canonicalBytes(payload));
      }
    }
  }

  @Test
  public void randomTreesHaveTheBytesOfTheDefinition() throws Exception {
    Random random = new Random(7);
    for (int i = 0; i < 2_000; i++) {
      JsonNode tree = randomObject(random, 0);
      assertArrayEquals(tree.toString(), definition(tree), Json.canonicalBytes(tree));
    }
  }

  @Test
  public void theHashIsOfTheCanonicalBytes() throws Exception {
    JsonNode payload = SampleDocuments.document(DocumentType.FEED_PAGE, false).payload();
    String expected = "sha256:" + java.util.HexFormat.of().formatHex(
        java.security.MessageDigest.getInstance("SHA-256").digest(definition(payload)));
    assertEquals(expected, CacheDocument.hashOf(payload));
  }

  private static byte[] definition(JsonNode node) throws Exception {
    return DEFINITION.writeValueAsBytes(Json.MAPPER.treeToValue(node, Object.class));
  }

  private static ObjectNode randomObject(Random random, int depth) {
    ObjectNode object = JsonNodeFactory.instance.objectNode();
    int fields = random.nextInt(6);
    for (int f = 0; f < fields; f++) {
      String name = randomText(random);
      switch (random.nextInt(depth < 3 ? 11 : 9)) {
        case 0 -> object.put(name, random.nextInt());
        case 1 -> object.put(name, random.nextLong());
        case 2 -> object.put(name, random.nextDouble() * Math.pow(10, random.nextInt(40) - 20));
        case 3 -> object.put(name, randomText(random));
        case 4 -> object.put(name, random.nextBoolean());
        case 5 -> object.putNull(name);
        case 6 -> object.put(name, new BigInteger(80, random));
        case 7 -> object.put(name, (float) random.nextGaussian());
        case 8 -> object.put(name, random.nextInt(3) - 1.0);
        case 9 -> object.set(name, randomObject(random, depth + 1));
        default -> {
          ArrayNode array = object.putArray(name);
          for (int e = random.nextInt(4); e > 0; e--) {
            array.add(random.nextBoolean() ? randomObject(random, depth + 1)
                : JsonNodeFactory.instance.textNode(randomText(random)));
          }
        }
      }
    }
    return object;
  }

  private static String randomText(Random random) {
    String alphabet = "abcXYZ_09 \"\\é€😀\n\t";
    StringBuilder text = new StringBuilder();
    for (int c = random.nextInt(8); c > 0; c--) {
      int at = random.nextInt(alphabet.length());
      if (Character.isSurrogate(alphabet.charAt(at))) {
        text.append("😀");
      } else {
        text.append(alphabet.charAt(at));
      }
    }
    return text.toString();
  }
}
