package io.github.modelbudget.cli;

import io.github.modelbudget.harness.eval.TopKCounts;
import java.util.OptionalInt;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code --top-k} option: the {@code k} of top-k accuracy, printed by {@code evaluate} and
 * {@code compare} (with McNemar's test on the top-k hits) and used by {@code check} for the budget
 * file's {@code minTopKAccuracy} and {@code maxTopKAccuracyDrop}.
 */
final class TopKOption {

  @Spec(Spec.Target.MIXEE)
  CommandSpec command;

  @Option(
      names = "--top-k",
      paramLabel = "K",
      description =
          "The k of top-k accuracy (a sample counts when fewer than K classes score strictly higher"
              + " than its true class): printed for any model, and for check the k of every"
              + " top-k limit, over the budget file's topK. Default: top-5 printed for models of"
              + " 10 classes or more; check uses the file's topK, else 5.")
  Integer topK;

  /** The stated k, checked to be at least 1, or empty. */
  OptionalInt stated() {
    if (topK == null) {
      return OptionalInt.empty();
    }
    if (topK < 1) {
      throw new ParameterException(
          command.commandLine(), "--top-k must be at least 1 but was " + topK);
    }
    return OptionalInt.of(topK);
  }

  /** The k to print for a model scoring {@code classes} classes: the stated one, or the default. */
  OptionalInt shown(int classes) {
    OptionalInt stated = stated();
    return stated.isPresent() ? stated : TopKCounts.defaultK(classes);
  }
}
