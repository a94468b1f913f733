package com.avalo.precompute.feeds;

import java.util.ArrayList;
import java.util.List;

/**
 * Geohash cells, written here because no geohash library is in the build (about 40 lines of it
 * matter). A cell of precision {@code p} splits longitude into {@code 2^ceil(5p/2)} and latitude
 * into {@code 2^floor(5p/2)} equal bands; its hash interleaves the band indices (longitude first)
 * in base 32. Sizes at the equator: p2 1252x626 km, p3 156x156 km, p4 39x20 km, p5 4.9x4.9 km;
 * east-west sizes shrink with cos(latitude). {@link #cover} is the neighbour function the feed
 * needs: every cell within a radius, which for a radius of one cell is the cell and its 8
 * neighbours, wrapping at 180° and taking every longitude at the poles.
 */
public final class Geohash {
  private static final char[] BASE32 = "0123456789bcdefghjkmnpqrstuvwxyz".toCharArray();
  /** Slack added to every cover radius so that a pair exactly at the limit is never missed. */
  static final double COVER_MARGIN_KM = 0.001;

  private Geohash() {}

  /** The hash of the cell of precision {@code precision} (1-12) holding the point. */
  public static String encode(double lat, double lng, int precision) {
    return encodeIndex(latIndex(lat, precision), lngIndex(lng, precision), precision);
  }

  /**
   * Every cell of precision {@code precision} that may hold a point within {@code radiusKm} of
   * (lat, lng): the cells overlapping the latitude/longitude box around that spherical cap. The box
   * is exact for a cap (longitude half-width {@code asin(sin r / cos lat)}); a cap over a pole
   * takes every longitude.
   */
  public static List<String> cover(double lat, double lng, double radiusKm, int precision) {
    Box box = Box.around(lat, lng, radiusKm, precision);
    List<String> cells = new ArrayList<>((int) Math.min(box.count(), 4096));
    for (long la = box.latFrom; la <= box.latTo; la++) {
      for (long i = 0; i < box.lngCount; i++) {
        cells.add(encodeIndex(la, (box.lngFrom + i) % lngCells(precision), precision));
      }
    }
    return cells;
  }

  /** How many cells {@link #cover} returns, without building them. */
  public static long coverCount(double lat, double lng, double radiusKm, int precision) {
    return Box.around(lat, lng, radiusKm, precision).count();
  }

  private static String encodeIndex(long lat, long lng, int p) {
    int bits = 5 * p;
    int lngBit = (bits + 1) / 2;
    int latBit = bits / 2;
    char[] out = new char[p];
    for (int c = 0; c < p; c++) {
      int value = 0;
      for (int b = 0; b < 5; b++) {
        int i = c * 5 + b;
        long v = i % 2 == 0 ? (lng >> --lngBit) & 1 : (lat >> --latBit) & 1;
        value = (value << 1) | (int) v;
      }
      out[c] = BASE32[value];
    }
    return new String(out);
  }

  static long latCells(int p) {
    return 1L << (5 * p / 2);
  }

  static long lngCells(int p) {
    return 1L << ((5 * p + 1) / 2);
  }

  static long latIndex(double lat, int p) {
    return clamp((long) Math.floor((lat + 90) / 180 * latCells(p)), latCells(p));
  }

  static long lngIndex(double lng, int p) {
    return clamp((long) Math.floor((lng + 180) / 360 * lngCells(p)), lngCells(p));
  }

  private static long clamp(long index, long cells) {
    return Math.max(0, Math.min(cells - 1, index));
  }

  /** Band-index box around a cap: latitude bands latFrom..latTo, lngCount bands from lngFrom. */
  private record Box(long latFrom, long latTo, long lngFrom, long lngCount) {
    static Box around(double lat, double lng, double radiusKm, int p) {
      double radius = (radiusKm + COVER_MARGIN_KM) / Geo.EARTH_RADIUS_KM;
      double latMin = lat - Math.toDegrees(radius);
      double latMax = lat + Math.toDegrees(radius);
      long lngCells = lngCells(p);
      long latFrom = latIndex(latMin, p);
      long latTo = latIndex(latMax, p);
      double cosLat = Math.cos(Math.toRadians(lat));
      if (latMin <= -90 || latMax >= 90 || Math.sin(radius) >= cosLat || radius >= Math.PI / 2) {
        return new Box(latFrom, latTo, 0, lngCells);
      }
      double halfWidth = Math.toDegrees(Math.asin(Math.sin(radius) / cosLat));
      if (2 * halfWidth + 360.0 / lngCells >= 360) {
        return new Box(latFrom, latTo, 0, lngCells);
      }
      long from = lngIndex(wrap(lng - halfWidth), p);
      long to = lngIndex(wrap(lng + halfWidth), p);
      return new Box(latFrom, latTo, from, Math.floorMod(to - from, lngCells) + 1);
    }

    long count() {
      return (latTo - latFrom + 1) * lngCount;
    }

    private static double wrap(double lng) {
      double wrapped = ((lng + 180) % 360 + 360) % 360 - 180;
      return wrapped == 180 ? -180 : wrapped;
    }
  }
}
