package com.avalo.precompute.schedule;

import com.avalo.precompute.io.PrecomputeJob;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a schedules file and checks everything that can be checked offline: its structure, cron
 * syntax, job names, that every job option exists and parses, required options, duplicate names,
 * and that expiry and retries fit the cadence. The format is described at the top of the bundled
 * file, {@value #BUNDLED}.
 */
public final class SchedulesReader {
  /** The schedules the project ships. */
  public static final String BUNDLED = "classpath:schedules/avalo.yaml";
  /** The variables a schedules file may use, filled by {@code plan} and {@code deploy}. */
  public static final Set<String> VARIABLES = Set.of("project", "region");

  private static final Set<String> ROOT_KEYS = Set.of("deployment", "defaults", "schedules");
  private static final Set<String> DEPLOYMENT_KEYS =
      Set.of("name", "templateSpec", "image", "schedulerServiceAccount");

  private final JobOptionsCheck jobOptions;

  /** A reader that knows the jobs of {@code catalog}. */
  public SchedulesReader(List<PrecomputeJob> catalog) {
    this.jobOptions = new JobOptionsCheck(catalog);
  }

  /**
   * Loads the file at {@code location} (a path, or {@code classpath:RESOURCE}), fills the
   * {@code variables} given ({@code ${project}}, {@code ${region}}), reads and checks it.
   *
   * @throws SchedulesException listing every problem, as {@code FILE:LINE: message}
   */
  public SchedulesFile load(String location, Map<String, String> variables) {
    return read(location, text(location), variables);
  }

  /** Reads and checks {@code yaml}, named {@code file} in messages; see {@link #load}. */
  public SchedulesFile read(String file, String yaml, Map<String, String> variables) {
    String filled = yaml;
    for (Map.Entry<String, String> variable : variables.entrySet()) {
      // Text substitution keeps every line where it was, so messages still point at the file.
      filled = filled.replace("${" + variable.getKey() + "}", variable.getValue());
    }
    YamlTree.Node root = YamlTree.parse(file, filled);
    List<Problem> problems = new ArrayList<>();
    MappingFields.checkVariables(file, root, VARIABLES, problems);
    if (!(root instanceof YamlTree.Mapping mapping)) {
      throw new SchedulesException(List.of(new Problem(file, root.line(),
          "a schedules file is a mapping with 'deployment', 'defaults' and 'schedules'")));
    }
    MappingFields fields = new MappingFields(file, "the file", mapping, ROOT_KEYS, problems);
    Deployment deployment = deployment(file, fields, problems);
    YamlTree.Mapping defaults = defaults(file, fields, problems);
    List<Schedule> schedules = new ArrayList<>();
    List<ScheduleEntry> entries = entries(file, fields, defaults, problems);
    checkDuplicates(file, entries, problems);
    for (ScheduleEntry entry : entries) {
      jobOptions.check(file, entry, problems);
      if (entry.schedule() != null) {
        CadenceCheck.check(file, entry, problems);
        schedules.add(entry.schedule());
      }
    }
    if (!problems.isEmpty()) {
      List<Problem> ordered = new ArrayList<>(new LinkedHashSet<>(problems));
      ordered.sort(Comparator.comparingInt(Problem::line));
      throw new SchedulesException(ordered);
    }
    return new SchedulesFile(file, deployment, schedules);
  }

  private static String text(String location) {
    try {
      if (location.startsWith("classpath:")) {
        String resource = location.substring("classpath:".length());
        try (InputStream in = SchedulesReader.class.getClassLoader().getResourceAsStream(resource)) {
          if (in == null) {
            throw new SchedulesException(List.of(new Problem(location, 1, "no such resource on the classpath")));
          }
          return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
      }
      return Files.readString(Path.of(location), StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new SchedulesException(List.of(new Problem(location, 1, "no such file")));
    } catch (IOException e) {
      throw new SchedulesException(List.of(new Problem(location, 1, "cannot read: " + e.getMessage())));
    }
  }

  private static Deployment deployment(String file, MappingFields root, List<Problem> problems) {
    YamlTree.Mapping mapping = root.nested("deployment", true);
    if (mapping == null) {
      return null;
    }
    MappingFields fields = new MappingFields(file, "'deployment'", mapping, DEPLOYMENT_KEYS, problems);
    String name = fields.matching("name", true, "^[a-z]([-a-z0-9]{0,28}[a-z0-9])?$",
        "lowercase letters, digits and hyphens, starting with a letter, at most 30 characters");
    String templateSpec = fields.matching("templateSpec", true, "^gs://[a-z0-9][-_.a-z0-9]*/.+\\.json$",
        "a gs:// path of a .json file");
    String image = fields.matching("image", true,
        "^[a-z0-9-]+-docker\\.pkg\\.dev/[a-z][-a-z0-9]*/[a-z0-9][-a-z0-9_.]*/[a-z0-9][-a-z0-9_./]*(:[A-Za-z0-9_.-]+)?$",
        "an Artifact Registry image, REGION-docker.pkg.dev/PROJECT/REPOSITORY/NAME[:TAG]");
    String account = fields.matching("schedulerServiceAccount", true, "^[^@\\s]+@[^@\\s]+\\.[a-z]+$",
        "a service account email");
    return new Deployment(name, templateSpec, image, account, root.line("deployment"));
  }

  private static YamlTree.Mapping defaults(String file, MappingFields root, List<Problem> problems) {
    YamlTree.Mapping mapping = root.nested("defaults", false);
    if (mapping == null) {
      return new YamlTree.Mapping(Map.of(), root.line("defaults"));
    }
    new MappingFields(file, "'defaults'", mapping, ScheduleEntry.DEFAULT_KEYS, problems);
    Map<String, YamlTree.Entry> kept = new LinkedHashMap<>(mapping.entries());
    kept.keySet().retainAll(ScheduleEntry.DEFAULT_KEYS);
    return new YamlTree.Mapping(kept, mapping.line());
  }

  private static List<ScheduleEntry> entries(String file, MappingFields root, YamlTree.Mapping defaults,
      List<Problem> problems) {
    List<ScheduleEntry> entries = new ArrayList<>();
    YamlTree.Node node = root.entry("schedules").map(YamlTree.Entry::value).orElse(null);
    if (!(node instanceof YamlTree.Sequence sequence) || sequence.items().isEmpty()) {
      root.problem(root.line("schedules"), "'schedules' must list at least one schedule");
      return entries;
    }
    for (YamlTree.Node item : sequence.items()) {
      if (item instanceof YamlTree.Mapping schedule) {
        entries.add(ScheduleEntry.read(file, merge(defaults, schedule), problems));
      } else {
        problems.add(new Problem(file, item.line(), "a schedule is a mapping with name, cron, jobs, ..."));
      }
    }
    return entries;
  }

  /** The schedule's keys over the defaults'; nested mappings (environment, retry) merge key by key. */
  static YamlTree.Mapping merge(YamlTree.Mapping defaults, YamlTree.Mapping own) {
    Map<String, YamlTree.Entry> merged = new LinkedHashMap<>(defaults.entries());
    for (YamlTree.Entry entry : own.entries().values()) {
      YamlTree.Entry inherited = merged.get(entry.key());
      if (inherited != null && inherited.value() instanceof YamlTree.Mapping base
          && entry.value() instanceof YamlTree.Mapping mine) {
        merged.put(entry.key(), new YamlTree.Entry(entry.key(), entry.line(), merge(base, mine)));
      } else {
        merged.put(entry.key(), entry);
      }
    }
    return new YamlTree.Mapping(merged, own.line());
  }

  private static void checkDuplicates(String file, List<ScheduleEntry> entries, List<Problem> problems) {
    Map<String, Integer> names = new HashMap<>();
    Map<String, String> scheduleOfJob = new HashMap<>();
    for (ScheduleEntry entry : entries) {
      Schedule schedule = entry.schedule();
      if (schedule == null) {
        continue;
      }
      Integer first = names.putIfAbsent(schedule.name(), schedule.line());
      if (first != null) {
        problems.add(new Problem(file, schedule.line(), "schedule '" + schedule.name()
            + "' is defined twice (first on line " + first + ")"));
        continue;
      }
      for (ScheduleEntry.JobEntry job : entry.jobs()) {
        String other = scheduleOfJob.putIfAbsent(job.name(), schedule.name());
        if (schedule.name().equals(other)) {
          problems.add(new Problem(file, job.line(), "job '" + job.name() + "' is listed twice"));
        } else if (other != null) {
          problems.add(new Problem(file, job.line(), "job '" + job.name() + "' is already run by"
              + " schedule '" + other + "'; a job belongs to one schedule, so its documents have"
              + " one cadence and one expiry"));
        }
      }
    }
  }
}
