package com.avalo.precompute.serving.http;

import java.util.HashMap;
import java.util.Map;

/** The {@code --name value} arguments of the load-test tools in this package, and their errors. */
final class LoadTestFlags {
  private LoadTestFlags() {}

  /** The flags of {@code args}, by name without the dashes; anything else ends {@code tool}. */
  static Map<String, String> parse(String tool, String[] args) {
    Map<String, String> flags = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        fail(tool, "expected --name value pairs, got " + args[i]);
      }
      flags.put(args[i].substring(2), args[i + 1]);
    }
    return flags;
  }

  static String required(String tool, Map<String, String> flags, String name) {
    String value = flags.get(name);
    if (value == null || value.isBlank()) {
      fail(tool, "--" + name + " is required");
    }
    return value;
  }

  /** Prints {@code message} as {@code tool}'s and exits with status 2. */
  static void fail(String tool, String message) {
    System.err.println(tool + ": " + message);
    System.exit(2);
  }
}
