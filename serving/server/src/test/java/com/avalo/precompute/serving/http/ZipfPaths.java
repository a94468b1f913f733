package com.avalo.precompute.serving.http;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * Request paths drawn from a Zipf distribution over a key file, as {@code zipf-keys.lua} draws
 * them for wrk: rank r has weight 1 / r^s, and ranks are given to the keys by a seeded shuffle so
 * that the hot keys are spread over the file (and so over the document types). A line starting
 * with '/' is a path as it stands; any other line is a cache key, read at {@code /v1/docs/{key}}.
 */
final class ZipfPaths {
  private final List<String> paths;
  private final double[] cdf;

  ZipfPaths(List<String> keys, double exponent, long seed) {
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("no keys to draw from");
    }
    List<String> shuffled = new ArrayList<>(keys.stream().map(ZipfPaths::path).toList());
    Collections.shuffle(shuffled, new Random(seed));
    this.paths = List.copyOf(shuffled);
    this.cdf = new double[paths.size()];
    double total = 0;
    for (int rank = 1; rank <= cdf.length; rank++) {
      total += 1 / Math.pow(rank, exponent);
      cdf[rank - 1] = total;
    }
    for (int i = 0; i < cdf.length; i++) {
      cdf[i] /= total;
    }
  }

  /** The keys of {@code file} (blank lines and '#' comments skipped), the first {@code max} when positive. */
  static List<String> read(Path file, int max) throws IOException {
    List<String> keys = Files.readAllLines(file, StandardCharsets.UTF_8).stream()
        .map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
    return max > 0 && max < keys.size() ? keys.subList(0, max) : keys;
  }

  /** A path, drawn with {@code random}. */
  String next(SplittableRandom random) {
    double u = random.nextDouble();
    int lo = 0;
    int hi = cdf.length - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (cdf[mid] < u) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return paths.get(lo);
  }

  /** The path of the hottest rank. */
  String hottest() {
    return paths.get(0);
  }

  int size() {
    return paths.size();
  }

  private static String path(String line) {
    return line.startsWith("/") ? line
        : "/v1/docs/" + URLEncoder.encode(line, StandardCharsets.UTF_8).replace("%3A", ":").replace("+", "%20");
  }
}
