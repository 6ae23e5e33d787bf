package io.github.modelbudget.reports;

import io.github.modelbudget.harness.budget.Metric;
import io.github.modelbudget.harness.eval.ClassMetrics;
import io.github.modelbudget.harness.eval.Comparison;
import io.github.modelbudget.harness.eval.ConfusionMatrix;
import io.github.modelbudget.harness.eval.LatencyStats;
import io.github.modelbudget.harness.eval.OutputErrors;
import io.github.modelbudget.harness.eval.RegressionComparison;
import io.github.modelbudget.harness.eval.RegressionMetrics;
import io.github.modelbudget.harness.results.EvaluationSummary;
import io.github.modelbudget.harness.results.InspectionSummary;
import io.github.modelbudget.harness.results.VariantRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * The details section of one variant, formatted: weights, operators, weight tensors, evaluation,
 * per-class metrics, confusion matrix, drift from the baseline, per-layer error, latency and
 * budgets.
 *
 * <p>Up to {@link #FULL_TABLE_CLASSES} classes the per-class table and the confusion matrix are
 * shown whole; beyond, a page would hold a million cells at ImageNet's 1001, so it shows the {@link
 * #SHOWN_CLASSES} classes with the lowest recall and the {@link #SHOWN_CLASSES} most frequent
 * confusions instead (the run record keeps the whole matrix).
 */
record VariantDetails(
    String anchor,
    String name,
    boolean baseline,
    String sha256,
    List<Fact> weights,
    List<InspectionSummary.OperatorCount> operators,
    List<List<String>> tensors,
    List<Fact> evaluation,
    List<List<String>> classMetrics,
    ConfusionMatrix confusionMatrix,
    boolean fullClassTables,
    String perClassNote,
    List<List<String>> worstClasses,
    List<List<String>> topConfusions,
    List<Fact> drift,
    List<Fact> latency,
    List<String> budgetMetrics,
    List<BudgetLine> budgetLines,
    List<ViolationSummary> violations,
    List<LayerRow> layers,
    String layersNote,
    String layerChart) {

  /** The most classes whose per-class table and confusion matrix are shown whole. */
  static final int FULL_TABLE_CLASSES = 20;

  /** How many of the worst classes and of the most frequent confusions are shown beyond that. */
  static final int SHOWN_CLASSES = 20;

  static VariantDetails of(VariantRecord v, VariantRow row, OptionalInt topK) {
    List<Fact> weights = new ArrayList<>();
    weights.add(new Fact("parameters", Formats.count(v.inspection().parameters())));
    weights.add(new Fact("nonzero parameters", Formats.count(v.inspection().nonzeroParameters())));
    weights.add(new Fact("sparsity", Formats.percent(v.inspection().sparsity())));
    weights.add(new Fact("weight storage", row.weightTypes()));
    for (Map.Entry<String, Long> e : v.inspection().parametersByType().entrySet()) {
      weights.add(new Fact(e.getKey() + " parameters", Formats.count(e.getValue())));
    }
    weights.add(
        new Fact(
            "sizes (raw / gzip / ZIP)",
            row.raw() + " B / " + row.gzip() + " B / " + row.zip() + " B"));

    List<List<String>> tensors = new ArrayList<>();
    for (InspectionSummary.TensorSummary t : v.inspection().tensors()) {
      tensors.add(
          List.of(
              t.name(),
              t.type(),
              t.shape().toString(),
              Formats.count(t.elements()),
              Formats.percent(t.sparsity()),
              t.quantization()));
    }

    EvaluationSummary e = v.evaluation();
    List<Fact> evaluation = new ArrayList<>();
    evaluation.add(new Fact("samples", Formats.count(e.samples())));
    if (e.regression().isPresent()) {
      evaluation.addAll(regression(e.regression().get()));
      evaluation.add(new Fact("non-finite outputs", Formats.count(e.nonFiniteOutputs())));
      evaluation.add(
          new Fact("samples per second", Formats.count(Math.round(e.samplesPerSecond()))));
    } else {
      classification(e, row, evaluation, topK);
    }

    ConfusionMatrix matrix = e.confusionMatrix();
    int classes = matrix.classNames().size();
    boolean full = classes <= FULL_TABLE_CLASSES;
    List<List<String>> classMetrics = new ArrayList<>();
    List<List<String>> worst = new ArrayList<>();
    List<List<String>> confusions = new ArrayList<>();
    String perClassNote = "";
    if (full) {
      for (ClassMetrics m : e.classMetrics()) {
        classMetrics.add(
            List.of(
                m.className(),
                Formats.count(m.support()),
                Formats.percent(m.precision()),
                Formats.percent(m.recall()),
                Formats.decimal(m.f1())));
      }
    } else {
      List<ClassMetrics> present = e.classMetrics().stream().filter(m -> m.support() > 0).toList();
      for (ClassMetrics m : matrix.worstClasses(SHOWN_CLASSES)) {
        worst.add(
            List.of(
                m.className(),
                Formats.count(m.support()),
                Formats.count(m.support() - m.truePositives()),
                Formats.percent(m.recall()),
                Formats.percent(m.precision()),
                Formats.decimal(m.f1())));
      }
      for (ConfusionMatrix.Confusion c : matrix.topConfusions(SHOWN_CLASSES)) {
        long support = matrix.support(c.actual());
        confusions.add(
            List.of(
                matrix.classNames().get(c.actual()),
                matrix.classNames().get(c.predicted()),
                Formats.count(c.count()),
                Formats.percent(support == 0 ? 0 : (double) c.count() / support)));
      }
      perClassNote =
          Formats.count(classes)
              + " classes, "
              + Formats.count(present.size())
              + " of them in the data: too many to show whole. The "
              + Formats.count(worst.size())
              + " with the lowest recall and the "
              + Formats.count(confusions.size())
              + " most frequent confusions follow; the run record keeps every class and the whole"
              + " confusion matrix.";
    }

    List<Fact> drift = new ArrayList<>();
    if (!row.baseline()) {
      v.comparison().ifPresent(c -> drift.addAll(drift(c, topK)));
    }

    List<Fact> latency = new ArrayList<>();
    v.latency().ifPresent(l -> latency.addAll(latency(l)));

    return new VariantDetails(
        row.anchor(),
        v.name(),
        row.baseline(),
        v.sha256(),
        List.copyOf(weights),
        v.inspection().operators(),
        List.copyOf(tensors),
        List.copyOf(evaluation),
        List.copyOf(classMetrics),
        matrix,
        full,
        perClassNote,
        List.copyOf(worst),
        List.copyOf(confusions),
        List.copyOf(drift),
        List.copyOf(latency),
        v.budgets().stream()
            .flatMap(o -> o.checked().stream())
            .map(Metric::key)
            .distinct()
            .toList(),
        BudgetLine.of(v),
        row.violations(),
        v.layers().map(LayerRow::of).orElse(List.of()),
        v.layers()
            .map(
                s ->
                    "Against "
                        + s.baseline()
                        + " on "
                        + Formats.count(s.samples())
                        + " samples, the lowest SNR first; flagged (!): RMSE/scale above 0.7,"
                        + " where ideal rounding gives 0.289.")
            .orElse(""),
        v.layers().map(s -> Json.htmlSafe(LayerRow.Chart.of(s))).orElse(""));
  }

  private static void classification(
      EvaluationSummary e, VariantRow row, List<Fact> evaluation, OptionalInt topK) {
    evaluation.add(new Fact("correct", Formats.count(e.correct())));
    evaluation.add(new Fact("accuracy (95% CI)", row.accuracy() + " (" + row.interval() + ")"));
    if (topK.isPresent()) {
      e.topK(topK.getAsInt())
          .ifPresent(
              t ->
                  evaluation.add(
                      new Fact(
                          "top-" + t.k() + " accuracy (95% CI)",
                          Formats.percent(t.accuracy())
                              + " ("
                              + Formats.interval(t.interval().lower(), t.interval().upper())
                              + ")")));
    }
    evaluation.add(new Fact("log loss", Formats.decimal(e.logLoss())));
    evaluation.add(
        new Fact(
            "ROC AUC",
            e.rocAuc().isPresent() ? Formats.decimal(e.rocAuc().getAsDouble()) : Formats.NONE));
    evaluation.add(new Fact("non-finite outputs", Formats.count(e.nonFiniteOutputs())));
    evaluation.add(new Fact("output read as", e.activation().name().toLowerCase(Locale.ROOT)));
    evaluation.add(new Fact("decision threshold", Formats.decimal(e.threshold())));
    evaluation.add(new Fact("samples per second", Formats.count(Math.round(e.samplesPerSecond()))));
    for (String warning : e.warnings()) {
      evaluation.add(new Fact("warning", warning));
    }
  }

  private static List<Fact> regression(RegressionMetrics m) {
    List<Fact> facts = new ArrayList<>();
    facts.add(
        new Fact(
            "MAE (95% CI)",
            Formats.error(m.mae())
                + " ("
                + Formats.error(m.maeInterval().lower())
                + "–"
                + Formats.error(m.maeInterval().upper())
                + ")"));
    facts.add(new Fact("RMSE", Formats.error(m.rmse())));
    facts.add(new Fact("max |error|", Formats.error(m.maxAbsError())));
    facts.add(
        new Fact("R²", m.r2().isPresent() ? Formats.decimal(m.r2().getAsDouble()) : Formats.NONE));
    for (int j = 0; m.outputs() > 1 && j < m.outputs(); j++) {
      OutputErrors o = m.perOutput().get(j);
      facts.add(
          new Fact(
              "output " + j + " MAE / RMSE / max / R²",
              Formats.error(o.mae())
                  + " / "
                  + Formats.error(o.rmse())
                  + " / "
                  + Formats.error(o.maxAbsError())
                  + " / "
                  + (o.r2().isPresent() ? Formats.decimal(o.r2().getAsDouble()) : Formats.NONE)));
    }
    return facts;
  }

  private static List<Fact> drift(Comparison c, OptionalInt topK) {
    if (c.regression().isPresent()) {
      RegressionComparison r = c.regression().get();
      return List.of(
          new Fact("compared with", c.baselineName()),
          new Fact("MAE change", Formats.signedError(OptionalDouble.of(r.maeIncrease()))),
          new Fact("RMSE change", Formats.signedError(OptionalDouble.of(r.rmseIncrease()))),
          new Fact(
              "max |error| change", Formats.signedError(OptionalDouble.of(r.maxErrorIncrease()))),
          new Fact("Wilcoxon signed-rank p", Formats.decimal(r.wilcoxonP())),
          new Fact(
              "agreement (outputs within " + Formats.error(r.agreementTolerance()) + ")",
              Formats.percent(c.agreement())),
          new Fact("mean |output difference|", Formats.decimal(c.meanAbsOutputDifference())),
          new Fact("max |output difference|", Formats.decimal(c.maxAbsOutputDifference())));
    }
    List<Fact> facts = new ArrayList<>();
    facts.addAll(
        List.of(
            new Fact("compared with", c.baselineName()),
            new Fact("agreement (top-1)", Formats.percent(c.agreement())),
            new Fact("agreeing samples", Formats.count(c.agreementCount())),
            new Fact("baseline right, variant wrong", Formats.count(c.baselineOnlyCorrect())),
            new Fact("variant right, baseline wrong", Formats.count(c.variantOnlyCorrect())),
            new Fact("McNemar p (exact)", Formats.decimal(c.mcNemarP())),
            new Fact("mean |output difference|", Formats.decimal(c.meanAbsOutputDifference())),
            new Fact("max |output difference|", Formats.decimal(c.maxAbsOutputDifference()))));
    if (topK.isPresent()) {
      c.topK(topK.getAsInt())
          .ifPresent(
              t -> {
                facts.add(
                    new Fact(
                        "top-" + t.k() + ": baseline only, variant only",
                        Formats.count(t.baselineOnlyHits())
                            + ", "
                            + Formats.count(t.variantOnlyHits())));
                facts.add(
                    new Fact("top-" + t.k() + " McNemar p (exact)", Formats.decimal(t.mcNemarP())));
              });
    }
    return List.copyOf(facts);
  }

  private static List<Fact> latency(LatencyStats l) {
    return List.of(
        new Fact("invocations", Formats.count(l.count())),
        new Fact("mean", Formats.duration(l.meanNanos())),
        new Fact("std", Formats.duration(l.stdNanos())),
        new Fact("min", Formats.duration(l.minNanos())),
        new Fact("p5", Formats.duration(l.p5Nanos())),
        new Fact("p50", Formats.duration(l.p50Nanos())),
        new Fact("p95", Formats.duration(l.p95Nanos())),
        new Fact("max", Formats.duration(l.maxNanos())));
  }
}
