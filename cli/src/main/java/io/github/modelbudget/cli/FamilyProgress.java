package io.github.modelbudget.cli;

import io.github.modelbudget.harness.family.FamilyRun;
import io.github.modelbudget.harness.results.ModelFailure;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/** Evaluates a family on the progress line, and reports the models that could not be measured. */
final class FamilyProgress {

  private FamilyProgress() {}

  static FamilyRun evaluateAll(FamilyRun run, QuietOption quiet) {
    ProgressLine progress = quiet.progressLine();
    run.evaluateAll((member, i, total) -> progress.update("evaluating " + member.name(), i, total));
    int total = run.family().members().size();
    progress.update("evaluated", total, total);
    progress.finish();
    return run;
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
