package io.github.modelbudget.junit;

import io.github.modelbudget.harness.ModelBudgetException;
import io.github.modelbudget.harness.data.Dataset;
import io.github.modelbudget.harness.format.TfliteModel;
import io.github.modelbudget.optimizer.prune.PruningScope;
import io.github.modelbudget.optimizer.quantize.QuantizationScheme;
import io.github.modelbudget.optimizer.rewrite.WeightFilter;
import io.github.modelbudget.optimizer.search.QuantizationMode;
import io.github.modelbudget.optimizer.variants.Variant;
import io.github.modelbudget.optimizer.variants.VariantGrid;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.PatternSyntaxException;
import java.util.stream.DoubleStream;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link GeneratedVariants} declaration reduced to its values (part of a variant set's cache
 * key), and the making of its members from a baseline.
 */
record VariantGeneration(
    List<QuantizationMode> modes,
    List<Double> sparsities,
    boolean combine,
    boolean globalPruning,
    QuantizationScheme scheme,
    String keepFloat,
    Optional<DatasetSource> calibration) {

  private static final Logger LOG = LoggerFactory.getLogger(VariantGeneration.class);

  VariantGeneration {
    modes = List.copyOf(modes);
    sparsities = List.copyOf(sparsities);
  }

  /** The declaration on the test class or its enclosing classes, the nearest first. */
  static Optional<VariantGeneration> find(ExtensionContext context) {
    for (Class<?> type = context.getRequiredTestClass();
        type != null;
        type = type.getEnclosingClass()) {
      Optional<GeneratedVariants> found =
          AnnotationSupport.findAnnotation(type, GeneratedVariants.class);
      if (found.isPresent()) {
        return Optional.of(of(found.get()));
      }
    }
    return Optional.empty();
  }

  static VariantGeneration of(GeneratedVariants declaration) {
    if (declaration.calibration().length > 1) {
      throw new ExtensionConfigurationException(
          "@GeneratedVariants `calibration` takes one @EvaluationData but "
              + declaration.calibration().length
              + " are given");
    }
    return new VariantGeneration(
        List.of(declaration.quantize()),
        DoubleStream.of(declaration.sparsity()).boxed().toList(),
        declaration.combine(),
        declaration.globalPruning(),
        declaration.scheme(),
        declaration.keepFloat(),
        Optional.of(declaration.calibration())
            .filter(c -> c.length == 1)
            .map(c -> DatasetSource.of(c[0])));
  }

  /** The optimizer's recipe for these settings; a bad setting is a configuration error. */
  VariantGrid grid() {
    try {
      Optional<WeightFilter> filter =
          keepFloat.isEmpty()
              ? Optional.empty()
              : Optional.of(WeightFilter.of("keep-float", keepFloat));
      return new VariantGrid(
          modes,
          sparsities,
          combine,
          globalPruning ? PruningScope.GLOBAL : PruningScope.PER_TENSOR,
          scheme,
          filter);
    } catch (PatternSyntaxException e) {
      throw new ExtensionConfigurationException(
          "@GeneratedVariants `keepFloat` is not a regular expression: " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new ExtensionConfigurationException("@GeneratedVariants: " + e.getMessage(), e);
    }
  }

  /**
   * Makes the members from a baseline, writes each to its file under {@code variantsDir} and
   * returns them read back from there, so that they carry their paths like any file of the family.
   */
  List<TfliteModel> make(TfliteModel baseline, Path variantsDir) {
    VariantGrid grid = grid();
    if (grid.needsCalibration() != calibration.isPresent()) {
      throw new ExtensionConfigurationException(
          grid.needsCalibration()
              ? "@GeneratedVariants makes INT8, which is calibrated on representative inputs: give"
                  + " them as calibration = @EvaluationData(path = \"…\")"
              : "@GeneratedVariants `calibration` is only used by INT8, which is not among the"
                  + " modes "
                  + modes);
    }
    List<Variant> made;
    try {
      Optional<Dataset> data = calibration.map(source -> source.load(baseline));
      made = grid.make(baseline, data);
    } catch (ModelBudgetException | IllegalArgumentException e) {
      throw new ExtensionConfigurationException(
          "@GeneratedVariants cannot make the variants of "
              + baseline.origin()
              + ": "
              + e.getMessage(),
          e);
    }
    Path dir = variantsDir.resolve(baseline.sha256().substring(0, 12) + "-" + digest());
    List<TfliteModel> written = new ArrayList<>();
    for (Variant variant : made) {
      Path file = dir.resolve(variant.fileName());
      variant.model().save(file);
      LOG.info("made {}: {}", file, variant.how());
      written.add(TfliteModel.read(file));
    }
    return List.copyOf(written);
  }

  /** A short digest of the settings that change the bytes, naming the folder of their files. */
  String digest() {
    String settings =
        modes
            + "|"
            + sparsities
            + "|"
            + combine
            + "|"
            + globalPruning
            + "|"
            + scheme
            + "|"
            + keepFloat
            + "|"
            + calibration.map(DatasetSource::toString).orElse("");
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(settings.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
