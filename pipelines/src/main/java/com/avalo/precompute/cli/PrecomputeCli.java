package com.avalo.precompute.cli;

import com.avalo.precompute.incremental.StateLock;
import com.avalo.precompute.io.OptionNames;
import com.avalo.precompute.io.PipelineFailedException;
import com.avalo.precompute.serving.store.UnreadableDocumentException;
import com.google.common.base.Throwables;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * {@code precompute}: the analysts' and operators' command line. Each subcommand is its own class;
 * errors in input or configuration print one line saying what to fix and exit with status 2,
 * a missing document exits with status 1, and so does a run the engine failed (with its reasons).
 */
@Command(name = "precompute", mixinStandardHelpOptions = true, version = "precompute 0.1.0",
    description = {
        "Precomputes Avalo's hot reads (profiles, stats, counts, feeds, chat lists, analytics)",
        "into cache documents, and reads them back.",
        "",
        "Typical first steps:",
        "  precompute seed --users 10000 --out out/cli/seed",
        "  precompute run all --input out/cli/seed --store sqlite:out/cli/cache.db --as-of 2026-11-23",
        "      (a seed is dated 2026-11-23; a run without --as-of is as of now; out/seed and",
        "      out/cache.db are scripts/run-local.sh's, which it replaces on every run)",
        "  precompute get user:<uid>:stats --store sqlite:out/cli/cache.db",
        "  precompute report --store sqlite:out/cli/cache.db --out out/cli/report.html",
        "  precompute serve --store sqlite:out/cli/cache.db --config serving.properties",
        "",
        "'serve' is the HTTP service, a deployable of its own (serving/server): scripts/precompute",
        "forwards it to scripts/serve."},
    subcommands = {SeedCommand.class, RunCommand.class, BackfillCommand.class, GetCommand.class,
        ReportCommand.class, DiffCommand.class, JobsCommand.class, SchedulesCommand.class,
        RunsCommand.class, SchedulerCommand.class, CommandLine.HelpCommand.class})
public final class PrecomputeCli {
  /** The width of every command's help; no line of a description is longer. */
  static final int HELP_WIDTH = 100;

  /** Picocli's message for required options or parameters that were not given at all. */
  private static final Pattern NOT_GIVEN = Pattern.compile("Missing required (options?|parameters?): ");

  private static final Pattern UNKNOWN_SUBCOMMAND = Pattern.compile("Unknown subcommand '(.*)'\\.");

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the CLI and returns its exit code, for tests. */
  public static int execute(String... args) {
    CommandLine cli = new CommandLine(new PrecomputeCli());
    // The commands' descriptions are written as lines of up to HELP_WIDTH characters; at picocli's
    // default of 80, each was broken again into a long line and an orphaned word or two.
    cli.setUsageHelpWidth(HELP_WIDTH);
    // 'precompute serv --help': picocli answers the help it was asked for, the top-level one, and
    // exits 0, so a slip of the command's name went by with no word of it.
    if (args.length > 1 && !args[0].startsWith("-") && !cli.getSubcommands().containsKey(args[0])
        && !wrapperCommands().contains(args[0])
        && Arrays.stream(args).anyMatch(arg -> arg.equals("--help") || arg.equals("-h"))) {
      cli.getErr().println("error: " + unknownCommand(args[0], cli));
      return 2;
    }
    IParameterExceptionHandler usage = cli.getParameterExceptionHandler();
    cli.setParameterExceptionHandler((exception, arguments) -> {
      // A value that does not convert (--as-of=yesterday, --runner=Sparc) is bad input, not a
      // misuse of the command: one line saying what is wrong, as for every other bad input.
      if (exception.getCause() instanceof TypeConversionException) {
        exception.getCommandLine().getErr().println("error: " + exception.getMessage());
        return 2;
      }
      // 'precompute help rnu': picocli's help command names no suggestion, above the whole usage.
      Matcher unknownHelp = UNKNOWN_SUBCOMMAND.matcher(String.valueOf(exception.getMessage()));
      CommandLine command = exception.getCommandLine();
      if (unknownHelp.matches() && !command.getSubcommands().isEmpty()) {
        command.getErr().println("error: " + unknownCommand(unknownHelp.group(1), command));
        return 2;
      }
      if (exception instanceof MissingParameterException missing) {
        // Not given at all, or given without its value ("--from" last): each says its own.
        boolean notGiven = NOT_GIVEN.matcher(String.valueOf(missing.getMessage())).lookingAt()
            && !missing.getMissing().isEmpty();
        command.getErr().println("error: " + (notGiven ? missing(missing) : missing.getMessage()));
        return 2;
      }
      if (exception instanceof UnmatchedArgumentException unmatched) {
        Optional<String> line = misspelt(unmatched);
        if (line.isPresent()) {
          command.getErr().println("error: " + line.get());
          return 2;
        }
      }
      return usage.handleParseException(exception, arguments);
    });
    cli.setExecutionExceptionHandler((exception, commandLine, parseResult) -> {
      PrintWriter err = commandLine.getErr();
      // A read through serving reports an unreachable store as StoreDownException.
      if (exception instanceof IllegalArgumentException
          || exception instanceof StateLock.StateInUseException
          || exception instanceof com.avalo.precompute.serving.store.StoreUnavailableException
          || exception instanceof com.avalo.precompute.serving.StoreDownException) {
        err.println("error: " + exception.getMessage());
        return 2;
      }
      // Before the root cause: a job that fails mid-run is a failed run (exit 1) even when an
      // IllegalArgumentException deep inside it says why; exit 2 is for bad input to the command.
      if (exception instanceof PipelineFailedException failed) {
        // What failed and why in a few lines, not an engine's stack trace ten causes deep (Flink
        // logs it, and keeps it in the JobManager's log).
        err.println("error: " + failed.getMessage());
        failed.reasons().forEach(reason -> err.println("  because " + reason));
        failed.hint().ifPresent(hint -> err.println("  hint: " + hint));
        return 1;
      }
      // A document the store holds but that is not a cache document: one key's fault, said in a
      // line with what to do, not a stack trace.
      if (exception instanceof UnreadableDocumentException unreadable) {
        err.println("error: " + unreadable.getMessage());
        err.println("  hint: rerun the job that writes it (see 'precompute jobs'); its next write"
            + " replaces it");
        return 1;
      }
      Throwable root = Throwables.getRootCause(exception);
      if (root instanceof IllegalArgumentException) {
        err.println("error: " + root.getMessage());
        return 2;
      }
      // A path the user gave that is not there or not writable, or a program not installed: an
      // unusable path, like broken config. The root cause would be the bare IOException, so the
      // chain is searched for the wrapper that says what was being done.
      Optional<String> pathProblem = PathProblem.of(exception);
      if (pathProblem.isPresent()) {
        err.println("error: " + pathProblem.get());
        return 2;
      }
      throw exception;
    });
    return cli.execute(args);
  }

  /**
   * One line for an unknown command or option, with the nearest name when it looks like a slip of
   * the keyboard. Picocli's own suggestions match shared letter pairs, so they miss a swapped pair
   * ('rnu' for 'run'), and they come before the whole usage.
   */
  static Optional<String> misspelt(UnmatchedArgumentException unmatched) {
    CommandLine command = unmatched.getCommandLine();
    List<String> args = unmatched.getUnmatched();
    if (args.isEmpty()) {
      return Optional.empty();
    }
    String typed = args.get(0);
    String path = command.getCommandSpec().qualifiedName();
    if (typed.startsWith("-")) {
      String name = typed.split("=", 2)[0];
      // Long names against long names, without their dashes: '-s' is not a slip for '-h'.
      Optional<String> near = name.startsWith("--")
          ? OptionNames.nearest(name.substring(2), CommandFlags.longFlags(command.getCommandSpec())
              .stream().map(flag -> flag.substring(2)).toList()).map(flag -> "--" + flag)
          : Optional.empty();
      return Optional.of("unknown option " + name
          + near.map(flag -> "; did you mean " + flag + "?").orElse("")
          + " ('" + path + " --help' lists its options)");
    }
    if (command.getSubcommands().isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(unknownCommand(typed, command));
  }

  /**
   * One line naming what a command needs and was not given ("missing --from and --to"), instead of
   * picocli's line above the command's whole usage, where it scrolls out of sight.
   */
  static String missing(MissingParameterException missing) {
    List<String> names = missing.getMissing().stream()
        .map(arg -> arg instanceof OptionSpec option ? option.longestName() : arg.paramLabel())
        .toList();
    String listed = names.size() == 1 ? names.get(0)
        : String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
    return "missing " + listed + " ('" + missing.getCommandLine().getCommandSpec().qualifiedName()
        + " --help' says what " + (names.size() == 1 ? "it takes" : "they take") + ")";
  }

  /**
   * The commands scripts/precompute runs itself ({@code serve}), which it names in this property,
   * space separated: the CLI has no class for them, yet they are commands to whoever types one.
   */
  static final String WRAPPER_COMMANDS_PROPERTY = "precompute.wrapperCommands";

  /** The commands {@link #WRAPPER_COMMANDS_PROPERTY} names. */
  static List<String> wrapperCommands() {
    String named = System.getProperty(WRAPPER_COMMANDS_PROPERTY, "").trim();
    return named.isEmpty() ? List.of() : List.of(named.split("\\s+"));
  }

  /** One line for a command that {@code parent} does not have, with the nearest it has. */
  static String unknownCommand(String typed, CommandLine parent) {
    List<String> commands = new ArrayList<>(parent.getSubcommands().keySet());
    if (parent.getParent() == null) {
      commands.addAll(wrapperCommands());
    }
    return "unknown command '" + typed + "'"
        + OptionNames.nearest(typed, commands)
            .map(near -> "; did you mean '" + near + "'?").orElse("")
        + " ('" + parent.getCommandSpec().qualifiedName() + " --help' lists the commands)";
  }
}
