package com.avalo.precompute.io;

import java.beans.Introspector;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.commons.text.similarity.LevenshteinDistance;

/**
 * Refuses a {@code --name} that the run would not read, in the words of the command line and
 * with the nearest name. Beam refuses an unknown one too, but as "Class interface
 * ...PrecomputeOptions missing a property named 'inptu'", naming an interface the user never
 * sees; it takes an option of a job that is not in the run (once that job's options are
 * registered) and ignores it; and the CLI must know a name is unknown before it reads
 * {@code --inptu x} as an option and a job.
 *
 * <p>Known names: the properties of every options interface Beam has registered (the runners',
 * GCP's), of {@link PrecomputeOptions}, and of the running jobs' options; never another job's.
 */
public final class OptionNames {
  /** How far a typed name may be from a known one and still be offered as what was meant. */
  private static final int MAX_EDITS = 2;

  private final List<PrecomputeJob> running;
  private final List<PrecomputeJob> allJobs;
  private final Map<String, String> flags;
  private final Set<String> commandFlags;
  private final String help;

  private OptionNames(List<PrecomputeJob> running, List<PrecomputeJob> allJobs,
      Map<String, String> flags, Set<String> commandFlags, String help) {
    this.running = running;
    this.allJobs = allJobs;
    this.flags = flags;
    this.commandFlags = commandFlags;
    this.help = help;
  }

  /** The names a run of {@code running} reads; {@code help} ends a refusal, saying where to look. */
  public static OptionNames of(List<PrecomputeJob> running, String help) {
    return new OptionNames(running, running, Map.of(), Set.of(), help);
  }

  /** Also says which job an option belongs to when that job is among {@code allJobs} but not run. */
  public OptionNames knowingJobs(List<PrecomputeJob> allJobs) {
    return new OptionNames(running, allJobs, flags, commandFlags, help);
  }

  /**
   * For a command with flags of its own ({@code --schedule}): a near miss of one is offered it, and
   * {@code flags} maps an option the command sets from a flag ({@code asOf}) to that flag
   * ({@code --as-of}), which is what a near miss of the option is told to use.
   */
  public OptionNames withCommandFlags(Set<String> commandFlags, Map<String, String> flags) {
    return new OptionNames(running, allJobs, flags, commandFlags, help);
  }

  /**
   * @throws IllegalArgumentException for the first {@code --name} or {@code --name=value} in
   *     {@code args} that the run would not read
   */
  public void refuseUnknown(List<String> args) {
    Set<String> known = known();
    for (String arg : args) {
      if (!arg.startsWith("--")) {
        continue;
      }
      String name = arg.substring(2).split("=", 2)[0];
      if (known.contains(name)) {
        continue;
      }
      for (PrecomputeJob job : allJobs) {
        if (!running.contains(job) && properties(List.of(job.optionsClass())).contains(name)) {
          throw new IllegalArgumentException("--" + name + " is an option of the " + job.name()
              + " job, which this run does not include (" + help + ")");
        }
      }
      // Beam's names as typed, or the command's flag that sets them; the command's own flags.
      Map<String, String> offers = new LinkedHashMap<>();
      known.forEach(option -> offers.put(option, flags.getOrDefault(option, "--" + option)));
      commandFlags.forEach(flag -> offers.putIfAbsent(flag.replaceFirst("^-+", ""), flag));
      throw new IllegalArgumentException("unknown option --" + name
          + nearest(name, offers.keySet()).map(near -> "; did you mean " + offers.get(near) + "?")
              .orElse("")
          + " (" + help + ")");
    }
  }

  /**
   * @throws IllegalArgumentException for the first {@code --name} given without a value whose
   *     option is not a boolean: Beam reads a bare {@code --name} as {@code --name=true}, so a
   *     forgotten value became the text "true" ({@code --stateLocation} alone wrote the manifests
   *     to a directory named {@code true})
   */
  public void refuseMissingValues(List<String> args) {
    Set<String> booleans = booleanOptions();
    for (String arg : args) {
      String name = arg.startsWith("--") ? arg.substring(2) : "";
      if (!name.isEmpty() && !name.contains("=") && !booleans.contains(name)) {
        throw new IllegalArgumentException("--" + name + " needs a value: write --" + name
            + "=VALUE (only a true/false option may stand alone)");
      }
    }
  }

  /** The names of the true/false options, which may stand alone ({@code --full}). */
  public Set<String> booleanOptions() {
    Set<String> booleans = new HashSet<>();
    for (Class<?> options : readers()) {
      for (Method method : options.getMethods()) {
        Class<?> type = method.getReturnType();
        if (method.getParameterCount() == 0 && (type == boolean.class || type == Boolean.class)) {
          property(method.getName()).ifPresent(booleans::add);
        }
      }
    }
    return booleans;
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
    String lowerTyped = typed.toLowerCase(Locale.ROOT);
    String nearest = null;
    int fewest = Integer.MAX_VALUE;
    for (String candidate : candidates) {
      // -1: over the limit
      int edits = distance.apply(lowerTyped, candidate.toLowerCase(Locale.ROOT));
      if (edits >= 0 && edits < fewest) {
        nearest = candidate;
        fewest = edits;
      }
    }
    return Optional.ofNullable(nearest);
  }

  /**
   * What the run reads: a superset of what Beam checks for it, so a name refused here would have
   * been refused by Beam or ignored.
   */
  private Set<String> known() {
    return properties(readers());
  }

  /** The options interfaces whose properties the run reads. */
  private List<Class<?>> readers() {
    Set<Class<?>> jobOptions = new HashSet<>();
    allJobs.forEach(job -> jobOptions.add(job.optionsClass()));
    List<Class<?>> readers = new ArrayList<>();
    for (Class<? extends PipelineOptions> options : PipelineOptionsFactory.getRegisteredOptions()) {
      if (!jobOptions.contains(options)) {
        readers.add(options);
      }
    }
    readers.add(PrecomputeOptions.class);
    running.forEach(job -> readers.add(job.optionsClass()));
    return readers;
  }

  private static Set<String> properties(List<Class<?>> interfaces) {
    Set<String> names = new TreeSet<>();
    for (Class<?> options : interfaces) {
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
