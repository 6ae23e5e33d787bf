package io.github.modelbudget.examples;

import io.github.modelbudget.harness.data.Dataset;
import io.github.modelbudget.harness.data.Datasets;
import io.github.modelbudget.harness.data.LoadOptions;
import io.github.modelbudget.training.model.Architectures;
import io.github.modelbudget.training.pipeline.PipelineListener;
import io.github.modelbudget.training.pipeline.PipelineRecipe;
import io.github.modelbudget.training.pipeline.PipelineResult;
import io.github.modelbudget.training.pipeline.VariantPipeline;
import io.github.modelbudget.training.train.EpochMetrics;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The extension behind {@link QuickDrawExperiment}: loads the bundled Quick, Draw! sample ({@code
 * data/quickdraw-sample/}, 100 drawings each of the Eiffel Tower and the Mona Lisa), holds out a
 * stratified quarter of it, trains the experiment's CNN on the rest, prunes and quantizes it with
 * {@link VariantPipeline}, and writes the four variants and the held-out drawings under {@code
 * target/quickdraw/}.
 *
 * <p>The work is done once per JVM: the result lives in the root {@link ExtensionContext.Store},
 * whose {@code getOrComputeIfAbsent} computes a value once even when classes run in parallel. Paths
 * are relative to the working directory, as those of {@code @ModelVariants} and
 * {@code @EvaluationData} are (the module's folder under Maven).
 */
final class QuickDrawVariantsExtension implements BeforeAllCallback {

  /**
   * Seeds the split, the weight initialisation and the shuffling: every run makes the same bytes.
   */
  static final long SEED = 42;

  /** The share of each class held out for evaluation. */
  static final double TEST_FRACTION = 0.25;

  static final Path OUTPUT = Path.of("target", "quickdraw");
  static final Path VARIANTS = OUTPUT.resolve("variants");
  static final Path TEST_DATA = OUTPUT.resolve("test.npz");

  private static final Path SAMPLE = Path.of("data", "quickdraw-sample");
  private static final Namespace NAMESPACE = Namespace.create(QuickDrawVariantsExtension.class);
  private static final Logger LOG = LoggerFactory.getLogger(QuickDrawVariantsExtension.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    context
        .getRoot()
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(PipelineResult.class, key -> make(), PipelineResult.class);
  }

  /**
   * Returns the bundled sample split into training and held-out drawings: {@link #TEST_FRACTION} of
   * each class, chosen with {@link #SEED}, so every call gives the same split.
   */
  static Dataset.Split split() {
    Dataset drawings = Datasets.fromClassDirectory(findSample(), LoadOptions.defaults());
    return drawings.stratifiedSplit(TEST_FRACTION, SEED);
  }

  private static PipelineResult make() {
    Dataset.Split split = split();
    LOG.info(
        "training on {} drawings of {}, holding out {}",
        split.train().size(),
        split.train().classNames(),
        split.test().size());
    PipelineResult variants =
        VariantPipeline.run(
            Architectures.seedCnn("baseline"),
            split.train(),
            PipelineRecipe.seed(SEED, split.train().size()),
            VARIANTS,
            new PipelineListener() {
              @Override
              public void epochEnded(String stage, EpochMetrics metrics) {
                LOG.info("{}: {}", stage, metrics);
              }
            });
    Datasets.writeNpz(split.test(), TEST_DATA);
    return variants;
  }

  /**
   * Finds the sample from the working directory or one of its parents, so that the tests run from
   * the module's folder (Maven) as well as from the checkout's root (some IDEs).
   */
  private static Path findSample() {
    Path start = Path.of("").toAbsolutePath();
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve(SAMPLE);
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    throw new ExtensionConfigurationException(
        "@QuickDrawExperiment needs the bundled Quick, Draw! sample but found no "
            + SAMPLE
            + " folder in "
            + start
            + " or any folder above it; run the tests inside the project's checkout");
  }
}
