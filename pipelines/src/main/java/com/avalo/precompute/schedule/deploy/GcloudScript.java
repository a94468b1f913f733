package com.avalo.precompute.schedule.deploy;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Renders a deploy plan as the bash script of its steps ({@code --format=gcloud}): what
 * {@code precompute schedules deploy} runs, in the same order, for a person to read or run.
 */
public final class GcloudScript {
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_/.:=@,+%-]+");

  private GcloudScript() {}

  /** The script. */
  public static String render(DeployPlan plan) {
    StringBuilder script = new StringBuilder();
    script.append("#!/usr/bin/env bash\n")
        .append("# Deploy plan of ").append(plan.file()).append(" for project ").append(plan.project())
        .append(", region ").append(plan.region()).append(".\n")
        .append("# What 'precompute schedules deploy' runs, in this order. Build ")
        .append(plan.template().buildContext()).append('/').append(DeployPlanner.BUNDLED_JAR)
        .append(" first.\n")
        .append("set -euo pipefail\n");
    int number = 0;
    for (DeployStep step : plan.steps()) {
      script.append("\n# ").append(++number).append(". ").append(step.title()).append('\n');
      if (step instanceof DeployStep.WriteFile write) {
        String parent = write.path().contains("/") ? write.path().substring(0, write.path().lastIndexOf('/')) : ".";
        script.append("mkdir -p ").append(quote(parent)).append('\n')
            .append("cat > ").append(quote(write.path())).append(" <<'METADATA'\n")
            .append(write.content()).append("METADATA\n");
      } else if (step instanceof DeployStep.Run run) {
        script.append(command(run.args(), "")).append('\n');
      } else if (step instanceof DeployStep.Upsert upsert) {
        script.append("if ").append(command(upsert.describe(), "  ")).append(" >/dev/null 2>&1; then\n")
            .append("  ").append(command(upsert.update(), "    ")).append('\n')
            .append("else\n")
            .append("  ").append(command(upsert.create(), "    ")).append('\n')
            .append("fi\n");
      } else if (step instanceof DeployStep.ReportStrays strays) {
        // A job of another deployment whose name begins with this one's launches another
        // template: only jobs whose body names this one's are reported.
        // Read-only and after the schedules are in place: a failed listing is a warning.
        script.append("if ! jobs=\"$(").append(command(strays.list(), "  ")).append(")\"; then\n")
            .append("  jobs=''\n")
            .append("  echo \"warning: could not list the Scheduler jobs; check by hand for jobs of")
            .append(" removed schedules\" >&2\n")
            .append("fi\n")
            .append("while read -r job body; do\n")
            .append("  case \"$job\" in\n")
            .append("    ").append(String.join("|", strays.kept().stream().map(GcloudScript::quote).toList()))
            .append(") ;;\n")
            .append("    ").append(quote(strays.prefix())).append("*)\n")
            .append("      decoded=\"$(base64 -d <<<\"$body\" 2>/dev/null)\" || decoded=''\n")
            .append("      if [ -n \"$decoded\" ] && ! grep -qF ").append(quote(strays.templateSpec()))
            .append(" <<<\"$decoded\"; then continue; fi\n")
            .append("      echo \"warning: Scheduler job $job is not in\"")
            .append(" ").append(quote(plan.file()))
            .append(" \"and still launches its old body; delete it with: gcloud scheduler jobs delete $job\"")
            .append(" ").append(quote(String.join(" ", strays.deleteFlags()))).append(" >&2 ;;\n")
            .append("  esac\n")
            .append("done <<<\"$jobs\"\n");
      } else if (step instanceof DeployStep.CreateOnce create) {
        script.append("if ! output=\"$(").append(command(create.args(), "  ")).append(" 2>&1)\"; then\n")
            .append("  grep -q ").append(DeployStep.CreateOnce.ALREADY_EXISTS)
            .append(" <<<\"$output\" || { printf '%s\\n' \"$output\" >&2; exit 1; }\n")
            .append("fi\n");
      }
    }
    return script.toString();
  }

  /** {@code gcloud ARGS}, one flag a line. */
  static String command(List<String> args, String indent) {
    StringBuilder line = new StringBuilder("gcloud");
    for (String arg : args) {
      line.append(arg.startsWith("--") ? " \\\n    " + indent : " ").append(quote(arg));
    }
    return line.toString();
  }

  /** {@code value} as one shell word. */
  static String quote(String value) {
    if (SAFE.matcher(value).matches()) {
      return value;
    }
    return "'" + value.replace("'", "'\\''") + "'";
  }
}
