package io.github.modelbudget.cli;

import io.github.modelbudget.harness.family.FamilyMember;
import io.github.modelbudget.harness.family.FamilyRun;
import io.github.modelbudget.harness.results.ModelFailure;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/** Evaluates a family on the progress line, and reports the models that could not be measured. */
public final class FamilyProgress {

  private FamilyProgress() {}

  /**
   * Evaluates every member of the family, drawing the progress line unless {@code --quiet}.
   *
   * @param run the family and its dataset
   * @param quiet the command's {@code --quiet} option
   * @return {@code run}, evaluated
   */
  public static FamilyRun evaluateAll(FamilyRun run, QuietOption quiet) {
    ProgressLine progress = quiet.progressLine();
    run.evaluateAll(
        new FamilyRun.Listener() {
          @Override
          public void evaluating(FamilyMember member, int index, int total) {
            progress.update(label(member, index, total), 0, run.dataset().size());
          }

          @Override
          public void samplesDone(FamilyMember member, int samples, int total) {
            int index = run.family().members().indexOf(member);
            progress.update(label(member, index, run.family().members().size()), samples, total);
          }
        });
    progress.update("evaluated", run.dataset().size(), run.dataset().size());
    progress.finish();
    return run;
  }

  private static String label(FamilyMember member, int index, int total) {
    return "evaluating " + member.name() + " (" + (index + 1) + "/" + total + ")";
  }

  /** Prints each failure on standard error; returns the exit code they mean. */
  static int report(PrintWriter err, List<ModelFailure> failures) {
    for (ModelFailure failure : failures) {
      err.printf(Locale.ROOT, "error: %s: %s%n", failure.name(), failure.message());
    }
    err.flush();
    return failures.isEmpty() ? ExitCode.OK : ExitCode.INVALID_INPUT;
  }
}
