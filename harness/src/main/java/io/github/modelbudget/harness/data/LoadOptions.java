package io.github.modelbudget.harness.data;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How {@link Datasets} loads files. Start from {@link #defaults()} and change what differs.
 *
 * @param featuresKey the key of the features array in a {@code .npz} archive
 * @param labelsKey the key of the labels array in a {@code .npz} archive
 * @param labelsFile the IDX labels file; when empty it is found beside the images file by the MNIST
 *     naming ({@code images} → {@code labels}, {@code idx3} → {@code idx1})
 * @param maxSamplesPerClass keep at most this many samples of each class (the first ones in file
 *     order); empty keeps all
 * @param limits the memory limits for NumPy and IDX arrays
 * @param renderer the renderer for Quick, Draw! strokes
 * @param featureStorage where the features are kept: on the heap or mapped from the file
 */
public record LoadOptions(
    String featuresKey,
    String labelsKey,
    Optional<Path> labelsFile,
    OptionalInt maxSamplesPerClass,
    NpyLimits limits,
    StrokeRenderer renderer,
    FeatureStorage featureStorage) {

  /**
   * Checks the options.
   *
   * @throws IllegalArgumentException if {@code maxSamplesPerClass} is less than 1
   */
  public LoadOptions {
    Objects.requireNonNull(featuresKey, "featuresKey");
    Objects.requireNonNull(labelsKey, "labelsKey");
    Objects.requireNonNull(labelsFile, "labelsFile");
    Objects.requireNonNull(maxSamplesPerClass, "maxSamplesPerClass");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(renderer, "renderer");
    Objects.requireNonNull(featureStorage, "featureStorage");
    if (maxSamplesPerClass.isPresent() && maxSamplesPerClass.getAsInt() < 1) {
      throw new IllegalArgumentException(
          "maxSamplesPerClass must be at least 1 but was " + maxSamplesPerClass.getAsInt());
    }
  }

  /**
   * Returns the defaults: keys {@code x} and {@code y}, the labels file found by name, all samples,
   * {@link NpyLimits#defaults()}, {@link StrokeRenderer#quickDrawBitmaps()} and {@link
   * FeatureStorage#AUTO}.
   *
   * @return the default options
   */
  public static LoadOptions defaults() {
    return new LoadOptions(
        "x",
        "y",
        Optional.empty(),
        OptionalInt.empty(),
        NpyLimits.defaults(),
        StrokeRenderer.quickDrawBitmaps(),
        FeatureStorage.AUTO);
  }

  /**
   * Returns these options with other {@code .npz} keys.
   *
   * @param features the features key
   * @param labels the labels key
   * @return the new options
   */
  public LoadOptions withKeys(String features, String labels) {
    return new LoadOptions(
        features, labels, labelsFile, maxSamplesPerClass, limits, renderer, featureStorage);
  }

  /**
   * Returns these options with an explicit IDX labels file.
   *
   * @param file the labels file
   * @return the new options
   */
  public LoadOptions withLabelsFile(Path file) {
    return new LoadOptions(
        featuresKey,
        labelsKey,
        Optional.of(file),
        maxSamplesPerClass,
        limits,
        renderer,
        featureStorage);
  }

  /**
   * Returns these options keeping at most {@code max} samples of each class.
   *
   * @param max the most samples per class, at least 1
   * @return the new options
   */
  public LoadOptions withMaxSamplesPerClass(int max) {
    return new LoadOptions(
        featuresKey, labelsKey, labelsFile, OptionalInt.of(max), limits, renderer, featureStorage);
  }

  /**
   * Returns these options with other memory limits.
   *
   * @param newLimits the limits
   * @return the new options
   */
  public LoadOptions withLimits(NpyLimits newLimits) {
    return new LoadOptions(
        featuresKey,
        labelsKey,
        labelsFile,
        maxSamplesPerClass,
        newLimits,
        renderer,
        featureStorage);
  }

  /**
   * Returns these options with features kept as given.
   *
   * @param storage on the heap, mapped, or chosen by size
   * @return the new options
   */
  public LoadOptions withFeatureStorage(FeatureStorage storage) {
    return new LoadOptions(
        featuresKey, labelsKey, labelsFile, maxSamplesPerClass, limits, renderer, storage);
  }
}
