package io.github.modelbudget.harness.family;

import io.github.modelbudget.harness.data.Dataset;
import io.github.modelbudget.harness.eval.EvaluationResult;
import io.github.modelbudget.harness.eval.Evaluator;
import io.github.modelbudget.harness.format.TfliteModel;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Evaluations computed once per model digest, name, dataset digest and evaluator settings, however
 * many families, tests or threads ask for them. Thread-safe; a failed evaluation is kept and
 * rethrown.
 */
public final class EvaluationCache {

  /** What identifies an evaluation. The name is part of it because results carry it. */
  private record Key(
      String modelSha256, String modelName, String datasetSha256, Evaluator evaluator) {}

  private final Memo<Key, EvaluationResult> results = new Memo<>();
  private final AtomicInteger computed = new AtomicInteger();

  /** Creates an empty cache. */
  public EvaluationCache() {}

  /**
   * Returns the model's evaluation on the dataset, computing it if nobody has.
   *
   * @param evaluator the evaluator and its settings
   * @param model the model
   * @param dataset the dataset
   * @param onComputed runs once, in the thread that computed the evaluation
   * @param progress told the samples done while this call computes the evaluation
   * @return the result
   * @throws io.github.modelbudget.harness.ModelBudgetException if the model cannot be evaluated on
   *     the dataset (then and on every later call)
   */
  public EvaluationResult evaluate(
      Evaluator evaluator,
      TfliteModel model,
      Dataset dataset,
      Runnable onComputed,
      IntConsumer progress) {
    Key key = new Key(model.sha256(), model.name(), dataset.sha256(), evaluator);
    return results.get(
        key,
        () -> {
          computed.incrementAndGet();
          return evaluator.evaluate(model, dataset, progress);
        },
        onComputed);
  }

  /**
   * Returns how many evaluations were computed (successfully or not).
   *
   * @return the count
   */
  public int computedCount() {
    return computed.get();
  }
}
