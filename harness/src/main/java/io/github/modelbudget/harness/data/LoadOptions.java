package io.github.modelbudget.harness.data;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

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
 * @param classes the class names in label order (label {@code i} is {@code classes.get(i)}), as
 *     {@code --classes} or a labels file ({@link LabelsFile}) give them; empty to number classes as
 *     the data does (class files and image folders: their names in sorted order)
 * @param classesMayLackData whether a class in {@code classes} may have no class file or folder (a
 *     model's labels file names every output, a test set need not cover them all); when false every
 *     class must have data
 * @param images how images are decoded, resized and normalised; empty when no model input is known,
 *     in which case image datasets cannot be loaded
 * @param featureStorage where the features are kept: on the heap or mapped from the file
 */
public record LoadOptions(
    String featuresKey,
    String labelsKey,
    Optional<Path> labelsFile,
    OptionalInt maxSamplesPerClass,
    NpyLimits limits,
    StrokeRenderer renderer,
    List<String> classes,
    boolean classesMayLackData,
    Optional<ImageOptions> images,
    FeatureStorage featureStorage) {

  /**
   * Checks the options.
   *
   * @throws IllegalArgumentException if {@code maxSamplesPerClass} is less than 1, or a class name
   *     is blank or given twice
   */
  public LoadOptions {
    Objects.requireNonNull(featuresKey, "featuresKey");
    Objects.requireNonNull(labelsKey, "labelsKey");
    Objects.requireNonNull(labelsFile, "labelsFile");
    Objects.requireNonNull(maxSamplesPerClass, "maxSamplesPerClass");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(renderer, "renderer");
    classes = List.copyOf(classes);
    Objects.requireNonNull(images, "images");
    Set<String> seen = new HashSet<>();
    for (String name : classes) {
      if (name.isBlank()) {
        throw new IllegalArgumentException("a class name is blank in " + classes);
      }
      if (!seen.add(name)) {
        throw new IllegalArgumentException("class '" + name + "' is given twice in " + classes);
      }
    }
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
        List.of(),
        false,
        Optional.empty(),
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
        features,
        labels,
        labelsFile,
        maxSamplesPerClass,
        limits,
        renderer,
        classes,
        classesMayLackData,
        images,
        featureStorage);
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
        classes,
        classesMayLackData,
        images,
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
        featuresKey,
        labelsKey,
        labelsFile,
        OptionalInt.of(max),
        limits,
        renderer,
        classes,
        classesMayLackData,
        images,
        featureStorage);
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
        classes,
        classesMayLackData,
        images,
        featureStorage);
  }

  /**
   * Returns these options with the class names in label order: class files and image folders are
   * numbered in this order instead of sorted, and arrays with integer labels get these names.
   *
   * @param names label {@code i}'s name at index {@code i}; empty to go back to the default
   * @return the new options
   * @throws IllegalArgumentException if a name is blank or given twice
   */
  public LoadOptions withClasses(List<String> names) {
    return new LoadOptions(
        featuresKey,
        labelsKey,
        labelsFile,
        maxSamplesPerClass,
        limits,
        renderer,
        names,
        false,
        images,
        featureStorage);
  }

  /**
   * Returns these options with the names of a model's outputs in label order, as a labels file
   * gives them: like {@link #withClasses(List)}, except that a class need not have a class file or
   * folder (a test set may cover a few of a model's classes).
   *
   * @param names output {@code i}'s name at index {@code i}
   * @return the new options
   * @throws IllegalArgumentException if a name is blank or given twice
   */
  public LoadOptions withOutputClasses(List<String> names) {
    return new LoadOptions(
        featuresKey,
        labelsKey,
        labelsFile,
        maxSamplesPerClass,
        limits,
        renderer,
        names,
        true,
        images,
        featureStorage);
  }

  /**
   * Returns these options with image decoding, needed for image folders and image CSV files.
   *
   * @param imageOptions the target size, channels and normalisation
   * @return the new options
   */
  public LoadOptions withImages(ImageOptions imageOptions) {
    return new LoadOptions(
        featuresKey,
        labelsKey,
        labelsFile,
        maxSamplesPerClass,
        limits,
        renderer,
        classes,
        classesMayLackData,
        Optional.of(imageOptions),
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
        featuresKey,
        labelsKey,
        labelsFile,
        maxSamplesPerClass,
        limits,
        renderer,
        classes,
        classesMayLackData,
        images,
        storage);
  }
}
