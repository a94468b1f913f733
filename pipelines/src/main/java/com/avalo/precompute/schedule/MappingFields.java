package com.avalo.precompute.schedule;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Typed, line-aware access to one YAML mapping of a schedules file. Every accessor records a
 * {@link Problem} instead of throwing, so one pass reports everything wrong with a file.
 */
final class MappingFields {
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{([^}]*)}");

  private final String file;
  private final String what;
  private final YamlTree.Mapping mapping;
  private final List<Problem> problems;

  /** Reads {@code mapping} (described as {@code what} in messages), reporting keys not in {@code keys}. */
  MappingFields(String file, String what, YamlTree.Mapping mapping, Set<String> keys, List<Problem> problems) {
    this.file = file;
    this.what = what;
    this.mapping = mapping;
    this.problems = problems;
    for (YamlTree.Entry entry : mapping.entries().values()) {
      if (!keys.contains(entry.key())) {
        problem(entry.line(), "unknown key '" + entry.key() + "' in " + what + "; its keys are "
            + String.join(", ", keys.stream().sorted().toList()));
      }
    }
  }

  /** Whether {@code value} still holds a {@code ${variable}}, so its format is checked only once filled. */
  static boolean hasVariable(String value) {
    return value != null && VARIABLE.matcher(value).find();
  }

  /** Reports every {@code ${name}} in the tree whose name is not in {@code known}. */
  static void checkVariables(String file, YamlTree.Node node, Set<String> known, List<Problem> problems) {
    if (node instanceof YamlTree.Mapping mapping) {
      mapping.entries().values().forEach(entry -> checkVariables(file, entry.value(), known, problems));
    } else if (node instanceof YamlTree.Sequence sequence) {
      sequence.items().forEach(item -> checkVariables(file, item, known, problems));
    } else if (node instanceof YamlTree.Scalar scalar && scalar.text() != null) {
      Matcher matcher = VARIABLE.matcher(scalar.text());
      while (matcher.find()) {
        if (!known.contains(matcher.group(1))) {
          problems.add(new Problem(file, scalar.line(), "unknown variable ${" + matcher.group(1)
              + "}; the variables are " + String.join(", ", known.stream().sorted()
                  .map(name -> "${" + name + "}").toList())));
        }
      }
    }
  }

  YamlTree.Mapping mapping() {
    return mapping;
  }

  Optional<YamlTree.Entry> entry(String key) {
    return Optional.ofNullable(mapping.entries().get(key));
  }

  /** The line of {@code key}, or of the mapping when the key is absent. */
  int line(String key) {
    return entry(key).map(YamlTree.Entry::line).orElse(mapping.line());
  }

  void problem(int line, String message) {
    problems.add(new Problem(file, line, message));
  }

  /** A non-blank scalar, or null (reported when {@code required}). */
  String text(String key, boolean required) {
    Optional<YamlTree.Entry> entry = entry(key);
    if (entry.isEmpty()) {
      if (required) {
        problem(mapping.line(), what + " needs '" + key + "'");
      }
      return null;
    }
    if (!(entry.get().value() instanceof YamlTree.Scalar scalar) || scalar.text() == null) {
      problem(entry.get().line(), "'" + key + "' in " + what + " must be a single value");
      return null;
    }
    if (scalar.text().isBlank()) {
      problem(entry.get().line(), "'" + key + "' in " + what + " is empty");
      return null;
    }
    return scalar.text().strip();
  }

  /** A text that, unless it holds a variable, matches {@code regex}; else null, reported. */
  String matching(String key, boolean required, String regex, String expected) {
    String value = text(key, required);
    if (value != null && !hasVariable(value) && !value.matches(regex)) {
      problem(line(key), "'" + key + "' is '" + value + "'; expected " + expected);
      return null;
    }
    return value;
  }

  /** A positive ISO-8601 duration, {@code fallback} when absent, null when wrong (reported). */
  Duration duration(String key, Duration fallback) {
    String value = text(key, fallback == null);
    if (value == null) {
      return entry(key).isPresent() ? null : fallback;
    }
    try {
      Duration duration = Duration.parse(value);
      if (duration.isNegative() || duration.isZero()) {
        problem(line(key), "'" + key + "' must be positive, not " + value);
        return null;
      }
      return duration;
    } catch (DateTimeParseException e) {
      problem(line(key), "'" + key + "' is '" + value
          + "', not an ISO-8601 duration such as PT30M, PT6H or P1D");
      return null;
    }
  }

  /** An integer in [min, max], {@code fallback} when absent, null when wrong (reported). */
  Integer integer(String key, int min, int max, Integer fallback) {
    String value = text(key, fallback == null);
    if (value == null) {
      return entry(key).isPresent() ? null : fallback;
    }
    try {
      int number = Integer.parseInt(value);
      if (number < min || number > max) {
        problem(line(key), "'" + key + "' is " + number + "; it must be from " + min + " to " + max);
        return null;
      }
      return number;
    } catch (NumberFormatException e) {
      problem(line(key), "'" + key + "' is '" + value + "', not a whole number");
      return null;
    }
  }

  /** A nested mapping, or null (reported when {@code required} or not a mapping). */
  YamlTree.Mapping nested(String key, boolean required) {
    Optional<YamlTree.Entry> entry = entry(key);
    if (entry.isEmpty()) {
      if (required) {
        problem(mapping.line(), what + " needs '" + key + "'");
      }
      return null;
    }
    if (!(entry.get().value() instanceof YamlTree.Mapping nested)) {
      problem(entry.get().line(), "'" + key + "' in " + what + " must be a mapping of keys to values");
      return null;
    }
    return nested;
  }
}
