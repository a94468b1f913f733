package com.avalo.precompute.feeds;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.Test;

public class GeohashTest {

  @Test
  public void encodesTheReferenceExample() {
    // The example of the geohash description (geohash.org/u4pruydqqvj).
    assertEquals("u4pruydqqvj", Geohash.encode(57.64911, 10.40744, 11));
    assertEquals("u4pr", Geohash.encode(57.64911, 10.40744, 4));
    assertEquals("ezs42", Geohash.encode(42.6, -5.6, 5));
  }

  @Test
  public void aCoverOneCellWideIsTheCellAndItsNeighbours() {
    // u4pr's centre, and a radius of one cell height: the 3 x 3 cells around it.
    double height = 180.0 / Geohash.latCells(4);
    double width = 360.0 / Geohash.lngCells(4);
    double lat = -90 + (Geohash.latIndex(57.64911, 4) + 0.5) * height;
    double lng = -180 + (Geohash.lngIndex(10.40744, 4) + 0.5) * width;
    assertEquals("u4pr", Geohash.encode(lat, lng, 4));
    double radiusKm = Math.toRadians(height) * Geo.EARTH_RADIUS_KM * 0.9;
    List<String> cover = Geohash.cover(lat, lng, radiusKm, 4);
    assertThat(cover, containsInAnyOrder("u4pr", "u4pp", "u4px", "u4pq", "u4pw", "u4pn", "u4r0",
        "u4r2", "u4r8"));
  }

  @Test
  public void coverWrapsAtTheAntimeridian() {
    List<String> cover = Geohash.cover(0.1, 179.99, 20, 3);
    assertThat(cover, hasItem(Geohash.encode(0.1, 179.99, 3)));
    assertThat(cover, hasItem(Geohash.encode(0.1, -179.99, 3)));
  }

  @Test
  public void coverHoldsEveryPointWithinTheRadius() {
    Random random = new Random(7);
    for (int trial = 0; trial < 400; trial++) {
      double lat = random.nextDouble() * 170 - 85;
      double lng = random.nextDouble() * 360 - 180;
      double radius = new double[] {0, 1, 5, 20, 80, 300}[random.nextInt(6)];
      int precision = 2 + random.nextInt(4);
      List<String> cover = Geohash.cover(lat, lng, radius, precision);
      assertEquals(cover.size(), Geohash.coverCount(lat, lng, radius, precision));
      for (int point = 0; point < 20; point++) {
        double[] p = pointAt(lat, lng, radius * random.nextDouble(), random.nextDouble() * 360);
        assertThat("a point " + radius + " km around " + lat + "," + lng,
            cover, hasItem(Geohash.encode(p[0], p[1], precision)));
      }
      // The rim itself, in the four compass directions.
      for (int bearing = 0; bearing < 360; bearing += 90) {
        double[] p = pointAt(lat, lng, radius, bearing);
        assertThat(cover, hasItem(Geohash.encode(p[0], p[1], precision)));
      }
    }
  }

  @Test
  public void coverAtThePoleTakesEveryLongitude() {
    assertEquals(Geohash.lngCells(2), Geohash.coverCount(89.5, 0, 100, 2));
    // A 2 km radius spans 4 km, less than one 4.9 km cell: at most 2 x 2 cells.
    assertTrue(Geohash.coverCount(0.01, 0.01, 2, 5) <= 4);
  }

  /** The destination point at {@code km} along {@code bearing} degrees (spherical). */
  static double[] pointAt(double lat, double lng, double km, double bearing) {
    double d = km / Geo.EARTH_RADIUS_KM;
    double phi = Math.toRadians(lat);
    double theta = Math.toRadians(bearing);
    double phi2 = Math.asin(Math.sin(phi) * Math.cos(d) + Math.cos(phi) * Math.sin(d) * Math.cos(theta));
    double lambda2 = Math.toRadians(lng) + Math.atan2(Math.sin(theta) * Math.sin(d) * Math.cos(phi),
        Math.cos(d) - Math.sin(phi) * Math.sin(phi2));
    double lng2 = (Math.toDegrees(lambda2) + 540) % 360 - 180;
    return new double[] {Math.toDegrees(phi2), lng2};
  }
}
