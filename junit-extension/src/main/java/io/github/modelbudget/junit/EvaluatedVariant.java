package io.github.modelbudget.junit;

import io.github.modelbudget.harness.budget.Measurements;
import io.github.modelbudget.harness.eval.Comparison;
import io.github.modelbudget.harness.eval.EvaluationResult;
import io.github.modelbudget.harness.family.FamilyMember;
import io.github.modelbudget.harness.family.FamilyRun;
import io.github.modelbudget.harness.format.ModelInfo;
import io.github.modelbudget.harness.format.ModelSizes;
import io.github.modelbudget.harness.format.TfliteModel;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A family member bound to its test's context: evaluations go through the run's shared {@link
 * FamilyRun}, and the first evaluation of a model publishes a report entry on the test that caused
 * it.
 */
final class EvaluatedVariant implements ModelUnderTest {

  static final String EVALUATED_ENTRY = "modelbudget.evaluated";

  private final VariantSet variants;
  private final FamilyMember member;
  private final Optional<DatasetSource> data;
  private final ModelBudgetRun run;
  private final ExtensionContext context;

  EvaluatedVariant(VariantSet variants, FamilyMember member, ExtensionContext context) {
    this.variants = variants;
    this.member = member;
    this.data = DatasetSource.find(context);
    this.run = ModelBudgetRun.of(context);
    this.context = context;
  }

  @Override
  public String name() {
    return member.name();
  }

  @Override
  public boolean isBaseline() {
    return member.isBaseline();
  }

  @Override
  public TfliteModel model() {
    return member.model();
  }

  @Override
  public ModelInfo info() {
    return member.info();
  }

  @Override
  public ModelSizes sizes() {
    return member.sizes();
  }

  @Override
  public ModelSizes baselineSizes() {
    return variants.baseline().sizes();
  }

  @Override
  public EvaluationResult evaluation() {
    return evaluate(member);
  }

  @Override
  public Comparison comparison() {
    evaluate(variants.baseline());
    evaluate(member);
    return familyRun().comparison(member);
  }

  /**
   * What the variant's budget is checked against; evaluations go through this test's context, so
   * the test that computes one reports it, and latency is measured once per model and JVM. A budget
   * of sizes or latency alone needs no evaluation, and gets none.
   */
  Measurements measurements(boolean withEvaluation, boolean withLatency) {
    Measurements measured;
    if (!withEvaluation || data.isEmpty()) {
      measured = variants.family().measurements(member);
    } else {
      evaluate(variants.baseline());
      evaluate(member);
      measured = familyRun().measurements(member, true);
    }
    return withLatency ? measured.withLatency(run.latency(member)) : measured;
  }

  FamilyMember member() {
    return member;
  }

  VariantSet variantSet() {
    return variants;
  }

  Optional<DatasetSource> data() {
    return data;
  }

  /** The family measured on the class's data; fails if the class declares none. */
  FamilyRun familyRun() {
    return run.familyRun(variants, requireData());
  }

  private EvaluationResult evaluate(FamilyMember which) {
    return familyRun()
        .evaluation(which, () -> context.publishReportEntry(Map.of(EVALUATED_ENTRY, which.name())));
  }

  private DatasetSource requireData() {
    return data.orElseThrow(
        () ->
            new ExtensionConfigurationException(
                "variant '"
                    + member.name()
                    + "' has no evaluation data: declare it on the test class with "
                    + "@EvaluationData(path = \"...\") to evaluate it"));
  }

  @Override
  public String toString() {
    return "variant " + member;
  }
}
