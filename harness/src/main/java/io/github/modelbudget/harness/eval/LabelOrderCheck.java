package io.github.modelbudget.harness.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * Warns when a binary classifier is significantly worse than chance, the mark of labels numbered
 * the other way round from the model's outputs (a class folder read in sorted order for a model
 * trained with the opposite order scores 1 − its accuracy).
 *
 * <p>Two signs, each at the 95% level: the accuracy's Wilson interval lies wholly below 0.5, or the
 * ROC AUC's interval (Hanley and McNeil's standard error, 1982) lies wholly below 0.5. Both are
 * about the order of the classes, so both survive a badly chosen threshold only in part: the AUC
 * does not depend on the threshold at all.
 */
final class LabelOrderCheck {

  private LabelOrderCheck() {}

  /** Returns the warnings for an evaluation, empty unless it is binary and worse than chance. */
  static List<String> warnings(
      List<String> classNames,
      long correct,
      int samples,
      Interval accuracyInterval,
      OptionalDouble rocAuc,
      int[] labels) {
    List<String> signs = new ArrayList<>();
    if (classNames.size() != 2) {
      return List.of();
    }
    if (accuracyInterval.upper() < 0.5) {
      signs.add(
          String.format(
              Locale.ROOT,
              "accuracy %.4f (95%% CI %.4f–%.4f, %d of %d) is significantly below 0.5",
              (double) correct / samples,
              accuracyInterval.lower(),
              accuracyInterval.upper(),
              correct,
              samples));
    }
    if (rocAuc.isPresent()) {
      long positives = 0;
      for (int label : labels) {
        positives += label == 1 ? 1 : 0;
      }
      long negatives = labels.length - positives;
      double auc = rocAuc.getAsDouble();
      double upper = auc + Statistics.Z_95 * hanleyMcNeilError(auc, positives, negatives);
      if (upper < 0.5) {
        signs.add(
            String.format(
                Locale.ROOT,
                "ROC AUC %.4f (95%% upper bound %.4f) is significantly below 0.5",
                auc,
                upper));
      }
    }
    if (signs.isEmpty()) {
      return List.of();
    }
    return List.of(
        "labels inverted? "
            + String.join(" and ", signs)
            + ", worse than chance: the model's class order is probably the reverse of the data's "
            + classNames
            + "; give the model's order with --classes or --labels (or @EvaluationData `classes`)");
  }

  /** The standard error of an AUC (Hanley and McNeil, 1982). */
  static double hanleyMcNeilError(double auc, long positives, long negatives) {
    double q1 = auc / (2 - auc);
    double q2 = 2 * auc * auc / (1 + auc);
    double variance =
        (auc * (1 - auc) + (positives - 1) * (q1 - auc * auc) + (negatives - 1) * (q2 - auc * auc))
            / ((double) positives * negatives);
    return Math.sqrt(Math.max(variance, 0));
  }
}
