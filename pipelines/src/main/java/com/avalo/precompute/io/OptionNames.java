package com.avalo.precompute.io;

import java.beans.Introspector;
import java.lang.reflect.Method;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.commons.text.similarity.LevenshteinDistance;

/**
 * Refuses a {@code --name} that no options interface has, in the words of the command line and
 * with the nearest name. Beam refuses it too, but as "Class interface ...PrecomputeOptions missing a
 * property named 'inptu'", naming an interface the user never sees; and the CLI must know a name
 * is unknown before it reads {@code --inptu x} as an option and a job.
 */
public final class OptionNames {
  private OptionNames() {}

  /** How far a typed name may be from a known one and still be offered as what was meant. */
  private static final int MAX_EDITS = 2;

  /**
   * @throws IllegalArgumentException for the first {@code --name} or {@code --name=value} in
   *     {@code args} that neither Beam's registered options nor {@code jobs}' options have
   */
  public static void refuseUnknown(List<PrecomputeJob> jobs, List<String> args) {
    refuseUnknown(jobs, args, Map.of());
  }

  /**
   * {@link #refuseUnknown(List, List)} for a command that sets some options from flags of its own:
   * {@code flags} maps such an option's name to the flag, which is what a near miss is told to use.
   */
  public static void refuseUnknown(List<PrecomputeJob> jobs, List<String> args,
      Map<String, String> flags) {
    jobs.forEach(job -> PipelineOptionsFactory.register(job.optionsClass()));
    Set<String> known = known();
    for (String arg : args) {
      if (!arg.startsWith("--")) {
        continue;
      }
      String name = arg.substring(2).split("=", 2)[0];
      if (!known.contains(name)) {
        throw new IllegalArgumentException("unknown option --" + name
            + nearest(name, known)
                .map(near -> "; did you mean " + flags.getOrDefault(near, "--" + near) + "?")
                .orElse("")
            + " ('precompute run --help' lists the run options, 'precompute jobs' each job's)");
      }
    }
  }

  /**
   * The name in {@code candidates} fewest edits from {@code typed}, if it is close enough to be a
   * slip of the keyboard (a swapped pair of letters is two edits), and the first of equals.
   */
  public static Optional<String> nearest(String typed, Collection<String> candidates) {
    if (typed.length() < 2) {
      return Optional.empty();
    }
    // Shorter words get fewer edits: any two-letter word is two edits from any other.
    int limit = Math.min(MAX_EDITS, typed.length() - 1);
    LevenshteinDistance distance = new LevenshteinDistance(limit);
    return candidates.stream()
        .filter(candidate -> distance.apply(typed.toLowerCase(), candidate.toLowerCase()) >= 0)
        .min(Comparator.comparingInt(
            candidate -> distance.apply(typed.toLowerCase(), candidate.toLowerCase())));
  }

  /**
   * Every option name Beam would take: a property (getter) of any registered interface. A superset
   * of what Beam checks, so a name refused here would have been refused by Beam.
   */
  private static Set<String> known() {
    Set<String> names = new TreeSet<>();
    for (Class<? extends PipelineOptions> options : PipelineOptionsFactory.getRegisteredOptions()) {
      for (Method method : options.getMethods()) {
        if (method.getParameterCount() == 0) {
          property(method.getName()).ifPresent(names::add);
        }
      }
    }
    return names;
  }

  private static Optional<String> property(String getter) {
    for (String prefix : List.of("get", "is")) {
      if (getter.startsWith(prefix) && getter.length() > prefix.length()) {
        return Optional.of(Introspector.decapitalize(getter.substring(prefix.length())));
      }
    }
    return Optional.empty();
  }
}
