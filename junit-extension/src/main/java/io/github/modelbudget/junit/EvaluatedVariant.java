package io.github.modelbudget.junit;

import io.github.modelbudget.harness.data.Dataset;
import io.github.modelbudget.harness.eval.Comparison;
import io.github.modelbudget.harness.eval.EvaluationResult;
import io.github.modelbudget.harness.format.ModelInfo;
import io.github.modelbudget.harness.format.ModelSizes;
import io.github.modelbudget.harness.format.TfliteModel;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A variant bound to its test's context: evaluations go through the run's shared cache, and the
 * first evaluation of a model publishes a report entry on the test that caused it.
 */
final class EvaluatedVariant implements ModelUnderTest {

  static final String EVALUATED_ENTRY = "modelbudget.evaluated";

  private final VariantSet variants;
  private final VariantUnderTest variant;
  private final Optional<DatasetSource> data;
  private final ModelBudgetRun run;
  private final ExtensionContext context;

  EvaluatedVariant(VariantSet variants, VariantUnderTest variant, ExtensionContext context) {
    this.variants = variants;
    this.variant = variant;
    this.data = DatasetSource.find(context);
    this.run = ModelBudgetRun.of(context);
    this.context = context;
  }

  @Override
  public String name() {
    return variant.name();
  }

  @Override
  public boolean isBaseline() {
    return variant.isBaseline();
  }

  @Override
  public TfliteModel model() {
    return variant.model();
  }

  @Override
  public ModelInfo info() {
    return variant.info();
  }

  @Override
  public ModelSizes sizes() {
    return variant.sizes();
  }

  @Override
  public ModelSizes baselineSizes() {
    return variants.baseline().sizes();
  }

  @Override
  public EvaluationResult evaluation() {
    return evaluate(variant);
  }

  @Override
  public Comparison comparison() {
    EvaluationResult own = evaluation();
    EvaluationResult baseline = evaluate(variants.baseline());
    return Comparison.of(baseline, own, baselineSizes(), sizes());
  }

  boolean hasData() {
    return data.isPresent();
  }

  Dataset dataset() {
    return run.dataset(requireData());
  }

  ModelBudgetRun run() {
    return run;
  }

  VariantSet variantSet() {
    return variants;
  }

  private EvaluationResult evaluate(VariantUnderTest which) {
    DatasetSource source = requireData();
    EvaluationResult result =
        run.evaluation(
            which, source, () -> context.publishReportEntry(Map.of(EVALUATED_ENTRY, which.name())));
    Dataset dataset = run.dataset(source);
    Optional<String> baseline = Optional.of(variants.baseline().name());
    if (which.isBaseline()) {
      run.recordEvaluation(variants.location(), baseline, dataset, which, result, Optional::empty);
    } else {
      EvaluationResult baselineResult = evaluate(variants.baseline());
      // Computed only when this variant is recorded for the first time, not on every call.
      run.recordEvaluation(
          variants.location(),
          baseline,
          dataset,
          which,
          result,
          () ->
              Optional.of(
                  Comparison.of(
                      baselineResult, result, variants.baseline().sizes(), which.sizes())));
    }
    return result;
  }

  private DatasetSource requireData() {
    return data.orElseThrow(
        () ->
            new ExtensionConfigurationException(
                "variant '"
                    + variant.name()
                    + "' has no evaluation data: declare it on the test class with "
                    + "@EvaluationData(path = \"...\") to evaluate it"));
  }

  @Override
  public String toString() {
    return variant.toString();
  }
}
