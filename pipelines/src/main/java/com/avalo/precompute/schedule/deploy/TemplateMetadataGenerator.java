package com.avalo.precompute.schedule.deploy;

import com.avalo.precompute.io.PrecomputeJob;
import com.avalo.precompute.io.PrecomputeOptions;
import com.avalo.precompute.schedule.OptionProperty;
import com.avalo.precompute.schedule.ParameterFormat;
import com.avalo.precompute.schedule.ScheduledLaunchOptions;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.beam.sdk.io.gcp.firestore.FirestoreOptions;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Validation;

/**
 * Generates the Flex Template metadata from the options interfaces, as DataflowTemplates does from
 * its annotations: one parameter per described getter of {@link ScheduledLaunchOptions}, the
 * shared {@link PrecomputeOptions}, Firestore's project and database, and every job's own options.
 * The label and help come from {@code @Description}, optional unless {@code @Validation.Required},
 * the regexes from the Java type (numbers, booleans, enums) or {@link ParameterFormat} (times,
 * durations, zones, cron, job lists). One source of truth: the pipeline parses the same interfaces.
 */
public final class TemplateMetadataGenerator {
  /** Options that are no template parameters, and why. */
  static final Map<String, String> NOT_PARAMETERS = Map.of(
      "asOf", "the launcher sets it to the window's end",
      "runId", "the launcher names the run",
      "deadLetterDir", "local runs only; Dataflow runs write dead letters to Firestore",
      "emulatorHost", "tests only",
      "firestoreHost", "tests only",
      "storeDownAfterSeconds", "the launcher returns once the job is created; only a run that"
          + " waits for its end probes the store",
      "storeProbeSeconds", "as storeDownAfterSeconds");
  private static final int LABEL_LENGTH = 60;
  private static final String INTEGER = "^-?[0-9]+$";
  private static final String DECIMAL = "^-?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][-+]?[0-9]+)?$";
  private static final String BOOLEAN = "^(true|false)$";

  private TemplateMetadataGenerator() {}

  /** The metadata of the template named {@code name} that can run every job of {@code jobs}. */
  public static TemplateMetadata generate(String name, List<PrecomputeJob> jobs) {
    List<Class<?>> interfaces = new ArrayList<>(List.of(ScheduledLaunchOptions.class,
        PrecomputeOptions.class, FirestoreOptions.class));
    jobs.forEach(job -> interfaces.add(job.optionsClass()));
    for (PrecomputeJob job : jobs) {
      if (!job.name().matches("[a-z][-a-z0-9]*")) {
        throw new IllegalStateException("job name '" + job.name() + "' is not lowercase letters,"
            + " digits and hyphens; it would need escaping in the template's regexes");
      }
    }
    String jobNames = String.join("|", jobs.stream().map(PrecomputeJob::name).toList());
    Map<String, TemplateMetadata.Parameter> parameters = new LinkedHashMap<>();
    for (Class<?> type : interfaces) {
      for (OptionProperty property : OptionProperty.declaredIn(type)) {
        if (NOT_PARAMETERS.containsKey(property.name())) {
          continue;
        }
        TemplateMetadata.Parameter parameter = parameter(property, jobNames);
        TemplateMetadata.Parameter other = parameters.putIfAbsent(parameter.name(), parameter);
        if (other != null && !other.equals(parameter)) {
          throw new IllegalStateException("option '" + parameter.name() + "' is declared twice,"
              + " differently (in " + type.getSimpleName() + " and before); one name, one meaning");
        }
      }
    }
    return new TemplateMetadata(name, "Avalo Precompute: runs scheduled jobs ("
        + String.join(", ", jobs.stream().map(PrecomputeJob::name).toList())
        + ") for one window of a schedule and writes their cache documents to Firestore.",
        distinctLabels(List.copyOf(parameters.values())));
  }

  /**
   * The console's launch form shows labels, not names: parameters whose descriptions begin alike
   * ("Backfill: first day", "Backfill: last day") get their name after the shared label.
   */
  static List<TemplateMetadata.Parameter> distinctLabels(List<TemplateMetadata.Parameter> parameters) {
    Map<String, Long> uses = parameters.stream().collect(
        Collectors.groupingBy(TemplateMetadata.Parameter::label, Collectors.counting()));
    return parameters.stream().map(parameter -> uses.get(parameter.label()) == 1 ? parameter
        : parameter.withLabel(parameter.label() + " ("
            + words(parameter.name()).toLowerCase(Locale.ROOT) + ")")).toList();
  }

  static TemplateMetadata.Parameter parameter(OptionProperty property, String jobNames) {
    Method getter = property.getter();
    Class<?> type = getter.getReturnType();
    String defaultValue = defaultValue(getter);
    String description = property.description();
    String help = description + (defaultValue == null || defaultValue.isEmpty() ? ""
        : (description.endsWith(".") ? "" : ".") + " Default: " + defaultValue + ".");
    List<String> enumOptions = type.isEnum()
        ? Arrays.stream(type.getEnumConstants()).map(value -> ((Enum<?>) value).name()).toList()
        : List.of();
    List<String> regexes = new ArrayList<>();
    String paramType = "TEXT";
    ParameterFormat format = getter.getAnnotation(ParameterFormat.class);
    if (format != null) {
      regexes.add(format.value() == ParameterFormat.Kind.JOB_LIST
          ? "^(" + jobNames + ")(,(" + jobNames + "))*$" : format.value().regex());
    } else if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
      regexes.add(INTEGER);
      paramType = "NUMBER";
    } else if (type == double.class || type == Double.class || type == float.class || type == Float.class) {
      regexes.add(DECIMAL);
      paramType = "NUMBER";
    } else if (type == boolean.class || type == Boolean.class) {
      regexes.add(BOOLEAN);
      paramType = "BOOLEAN";
    } else if (type.isEnum()) {
      regexes.add("^(" + String.join("|", enumOptions) + ")$");
      paramType = "ENUM";
    }
    return new TemplateMetadata.Parameter(property.name(), label(description, property.name()), help,
        !getter.isAnnotationPresent(Validation.Required.class), regexes, paramType,
        defaultValue == null || defaultValue.isEmpty() ? null : defaultValue, enumOptions);
  }

  /**
   * The description's first clause, a short lead such as "Backfill: " included, when it is short
   * enough for a label (at most {@value #LABEL_LENGTH} characters), else the option's name in words ({@code lateBuckets} ->
   * "Late buckets").
   */
  static String label(String description, String name) {
    String clause = description.split(";|\\(|, |\\. ", 2)[0].strip();
    int colon = clause.indexOf(": ");
    // A short lead such as "Backfill: " only says when the option applies, so the label keeps what
    // follows it (or gives way to the name when both are too long); a longer one is the label.
    if (colon >= 0 && clause.substring(0, colon).split(" ").length > 2) {
      clause = clause.substring(0, colon);
    }
    if (!clause.isEmpty() && clause.length() <= LABEL_LENGTH) {
      return clause;
    }
    return words(name);
  }

  /** An option's name in words: {@code lateBuckets} -> "Late buckets". */
  private static String words(String name) {
    String words = name.replaceAll("([a-z0-9])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
    return Character.toUpperCase(words.charAt(0)) + words.substring(1);
  }

  /** The default an options getter declares with Beam's {@code @Default.*}, as text; null if none. */
  public static String defaultValue(Method getter) {
    if (getter.getAnnotation(Default.String.class) != null) {
      return getter.getAnnotation(Default.String.class).value();
    }
    if (getter.getAnnotation(Default.Integer.class) != null) {
      return String.valueOf(getter.getAnnotation(Default.Integer.class).value());
    }
    if (getter.getAnnotation(Default.Long.class) != null) {
      return String.valueOf(getter.getAnnotation(Default.Long.class).value());
    }
    if (getter.getAnnotation(Default.Double.class) != null) {
      return String.valueOf(getter.getAnnotation(Default.Double.class).value());
    }
    if (getter.getAnnotation(Default.Float.class) != null) {
      return String.valueOf(getter.getAnnotation(Default.Float.class).value());
    }
    if (getter.getAnnotation(Default.Boolean.class) != null) {
      return String.valueOf(getter.getAnnotation(Default.Boolean.class).value());
    }
    if (getter.getAnnotation(Default.Enum.class) != null) {
      return getter.getAnnotation(Default.Enum.class).value();
    }
    return null;
  }
}
