package io.github.modelbudget.reports;

import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * A {@link VariantSummary} with every cell formatted, shared by the HTML and Markdown tables.
 *
 * @param anchor the id of the variant's details section, derived from its position, never from its
 *     (untrusted) name
 * @param topK the top-k accuracy, or {@code —}
 * @param topKInterval its 95% Wilson interval, or {@code —}
 * @param topKDelta the top-k accuracy minus the baseline's, or {@code —}
 * @param topKPValue McNemar's p on the top-k hits, or {@code —}
 * @param regression whether the variant is a regression model: then {@code accuracy} holds its MAE,
 *     {@code interval} the MAE's interval, {@code delta} the MAE increase, {@code pValue} and
 *     {@code significant} the Wilcoxon signed-rank test, and {@code rmse}, {@code maxError} and
 *     {@code r2} are filled
 */
record VariantRow(
    String anchor,
    String name,
    boolean baseline,
    String accuracy,
    String interval,
    String delta,
    String pValue,
    String significant,
    String agreement,
    String raw,
    String gzip,
    String zip,
    String rawRatio,
    String gzipRatio,
    String zipRatio,
    String parameters,
    String nonzeroParameters,
    String sparsity,
    String weightTypes,
    String latencyP50,
    String latencyP95,
    String status,
    String statusClass,
    List<ViolationSummary> violations,
    boolean paretoOptimal,
    String topK,
    String topKInterval,
    String topKDelta,
    String topKPValue,
    boolean regression,
    String rmse,
    String maxError,
    String r2) {

  static VariantRow of(VariantSummary s, int index) {
    long warnings = s.violations().stream().filter(v -> v.level().equals("warn")).count();
    String status;
    String statusClass;
    if (!s.budgetChecked()) {
      status = "no budget";
      statusClass = "none";
    } else if (!s.passed()) {
      status = "violated";
      statusClass = "fail";
    } else if (warnings > 0) {
      status = "met, " + warnings + (warnings == 1 ? " warning" : " warnings");
      statusClass = "warn";
    } else {
      status = "met";
      statusClass = "ok";
    }
    Optional<RegressionErrors> r = s.regression();
    return new VariantRow(
        "variant-" + index,
        s.name(),
        s.baseline(),
        r.map(e -> Formats.error(e.mae())).orElse(Formats.percent(s.accuracy())),
        r.map(e -> Formats.error(e.maeLower()) + "–" + Formats.error(e.maeUpper()))
            .orElse(Formats.interval(s.accuracyLower(), s.accuracyUpper())),
        r.map(e -> Formats.signedError(e.maeIncrease())).orElse(Formats.points(s.accuracyDelta())),
        Formats.pValue(r.map(RegressionErrors::wilcoxonP).orElse(s.mcNemarP())),
        r.map(RegressionErrors::significant)
            .orElse(s.significant())
            .map(yes -> yes ? "yes" : "no")
            .orElse(Formats.NONE),
        s.agreement().isPresent() ? Formats.percent(s.agreement().getAsDouble()) : Formats.NONE,
        Formats.count(s.rawBytes()),
        Formats.count(s.gzipBytes()),
        Formats.count(s.zipBytes()),
        Formats.ratio(s.rawRatio()),
        Formats.ratio(s.gzipRatio()),
        Formats.ratio(s.zipRatio()),
        Formats.count(s.parameters()),
        Formats.count(s.nonzeroParameters()),
        Formats.percent(s.sparsity()),
        s.weightTypes(),
        s.latencyP50Nanos().isPresent()
            ? Formats.duration(s.latencyP50Nanos().getAsLong())
            : Formats.NONE,
        s.latencyP95Nanos().isPresent()
            ? Formats.duration(s.latencyP95Nanos().getAsLong())
            : Formats.NONE,
        status,
        statusClass,
        s.violations(),
        s.paretoOptimal(),
        s.topKAccuracy().isPresent()
            ? Formats.percent(s.topKAccuracy().getAsDouble())
            : Formats.NONE,
        s.topKLower().isPresent()
            ? Formats.interval(s.topKLower().getAsDouble(), s.topKUpper().getAsDouble())
            : Formats.NONE,
        Formats.points(s.topKDelta()),
        Formats.pValue(s.topKMcNemarP()),
        r.isPresent(),
        r.map(e -> Formats.error(e.rmse())).orElse(Formats.NONE),
        r.map(e -> Formats.error(e.maxAbsError())).orElse(Formats.NONE),
        r.flatMap(e -> e.r2().isPresent() ? Optional.of(e.r2().getAsDouble()) : Optional.empty())
            .map(Formats::decimal)
            .orElse(Formats.NONE));
  }

  static List<VariantRow> of(RunSummary summary) {
    List<VariantSummary> variants = summary.variants();
    return IntStream.range(0, variants.size()).mapToObj(i -> of(variants.get(i), i)).toList();
  }
}
