package com.avalo.precompute.analytics;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Base64;
import java.util.List;
import java.util.SortedSet;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.TgtHllType;
import org.apache.datasketches.hll.Union;

/**
 * The mergeable distinct-user sketch stored with every {@code active_users} bucket: an Apache
 * DataSketches HLL sketch, {@code lgK = 12} (4,096 registers), {@code HLL_4}, serialized compact
 * and base64-encoded (about 2.6 KB). Union the sketches of any buckets (say the 14 days of a
 * fortnight) and read the estimate of the distinct users across them.
 *
 * <p>Error: the relative standard error of a merged sketch is {@link #RSE} = 1.62% (DataSketches'
 * figure for lgK 12, about {@code 1.04 / sqrt(4096)}; 1.29% for a sketch fed in one stream, which
 * ours are not); the estimate is within 1.62% of the truth about 68% of the time and within
 * {@code 2 * RSE = 3.23%} about 95% of the time; {@code lowerBound95}/{@code upperBound95} are the sketch's own 2-standard-deviation
 * bounds. Below a few hundred users the sketch is exact or nearly so. The document's exact count
 * is {@code activeUsers}; the sketch is for unions.
 *
 * <p>Sketch bytes depend on the order ids are fed in, so to keep reruns byte-identical the ids of
 * a shard are fed sorted and shard sketches are merged in shard order.
 */
public final class ActiveUserSketches {
  public static final int LG_K = 12;
  public static final TgtHllType TYPE = TgtHllType.HLL_4;
  /** Relative standard error of a merged sketch at {@link #LG_K}. */
  public static final double RSE = HllSketch.getRelErr(false, true, LG_K, 1);

  private ActiveUserSketches() {}

  /** A sketch of {@code ids}, fed in their sorted order. */
  public static byte[] sketch(SortedSet<String> ids) {
    HllSketch sketch = new HllSketch(LG_K, TYPE);
    ids.forEach(sketch::update);
    return sketch.toCompactByteArray();
  }

  /** The union of serialized sketches, merged in list order. */
  public static HllSketch union(List<byte[]> sketches) {
    Union union = new Union(LG_K);
    sketches.forEach(bytes -> union.update(HllSketch.heapify(bytes)));
    return union.getResult(TYPE);
  }

  /** Decodes a sketch from its document form. */
  public static HllSketch fromBase64(String base64) {
    return HllSketch.heapify(Base64.getDecoder().decode(base64));
  }

  /** The document form of a sketch: its parameters, estimate, bounds and bytes. */
  public static ObjectNode toJson(HllSketch sketch) {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("format", "datasketches-hll");
    json.put("lgK", LG_K);
    json.put("type", TYPE.name());
    json.put("relativeStandardError", RSE);
    json.put("estimate", sketch.getEstimate());
    json.put("lowerBound95", sketch.getLowerBound(2));
    json.put("upperBound95", sketch.getUpperBound(2));
    json.put("base64", Base64.getEncoder().encodeToString(sketch.toCompactByteArray()));
    return json;
  }
}
