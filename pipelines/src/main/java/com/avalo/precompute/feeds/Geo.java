package com.avalo.precompute.feeds;

/**
 * Great-circle distance. Earth is taken as a sphere of the IUGG mean radius R1 = 6371.0088 km;
 * the haversine form is accurate to about 0.5% against the ellipsoid, which is well inside the
 * 1 km the feed shows. {@link StrictMath} keeps distances bit-identical on every worker, so a pair
 * at the limit is in or out the same way on every runner and machine.
 */
public final class Geo {
  /** IUGG mean Earth radius R1, in kilometres. */
  public static final double EARTH_RADIUS_KM = 6371.0088;

  private Geo() {}

  /** Haversine distance in kilometres between two points given in degrees. */
  public static double distanceKm(double lat1, double lng1, double lat2, double lng2) {
    double phi1 = StrictMath.toRadians(lat1);
    double phi2 = StrictMath.toRadians(lat2);
    double sinDLat = StrictMath.sin((phi2 - phi1) / 2);
    double sinDLng = StrictMath.sin(StrictMath.toRadians(lng2 - lng1) / 2);
    double a = sinDLat * sinDLat + StrictMath.cos(phi1) * StrictMath.cos(phi2) * sinDLng * sinDLng;
    return 2 * EARTH_RADIUS_KM * StrictMath.asin(StrictMath.min(1.0, StrictMath.sqrt(a)));
  }

  /**
   * A lower bound of {@link #distanceKm} from latitudes alone (a great circle is never shorter
   * than its north-south part), cheap enough to reject most far pairs before the trigonometry.
   */
  public static double latitudeDistanceKm(double lat1, double lat2) {
    return EARTH_RADIUS_KM * StrictMath.toRadians(Math.abs(lat2 - lat1));
  }
}
