package com.avalo.precompute.feeds;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class GeoTest {

  @Test
  public void oneDegreeOfLatitudeIsAnArcOfTheMeanRadius() {
    assertEquals(6371.0088 * Math.PI / 180, Geo.distanceKm(10, 20, 11, 20), 1e-9);
  }

  @Test
  public void parisToLondon() {
    assertEquals(343.56, Geo.distanceKm(48.8566, 2.3522, 51.5074, -0.1278), 0.05);
  }

  @Test
  public void symmetricAndZeroOnItself() {
    assertEquals(0, Geo.distanceKm(1, 2, 1, 2), 0);
    assertEquals(Geo.distanceKm(1, 2, 3, 4), Geo.distanceKm(3, 4, 1, 2), 1e-12);
  }

  @Test
  public void latitudeDistanceIsALowerBound() {
    for (int i = 0; i < 1000; i++) {
      double lat1 = Math.sin(i) * 80;
      double lat2 = Math.cos(i * 7) * 80;
      double lng = Math.sin(i * 3) * 180;
      assertTrue(Geo.latitudeDistanceKm(lat1, lat2) <= Geo.distanceKm(lat1, 0, lat2, lng) + 1e-9);
    }
  }
}
