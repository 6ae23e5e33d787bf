package io.github.modelbudget.harness.data;

import io.github.modelbudget.harness.AtomicFiles;
import io.github.modelbudget.harness.InputFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Loads datasets from files, the one entry point for the CLI and the JUnit extension, and writes
 * them as {@code .npz} archives.
 *
 * <pre>{@code
 * Dataset test = Datasets.load(Path.of("test.npz"));                       // keys x and y
 * Dataset mnist = Datasets.load(Path.of("t10k-images-idx3-ubyte")).scaled(1 / 255.0, 0);
 * Dataset doodles = Datasets.fromClassFiles(
 *     List.of(Path.of("The Eiffel Tower.npy"), Path.of("The Mona Lisa.npy")),
 *     LoadOptions.defaults().withMaxSamplesPerClass(1000));
 * Datasets.writeNpz(doodles.stratifiedSplit(0.25, 42).test(), Path.of("target/test.npz"));
 * }</pre>
 *
 * <p>Values are loaded as they are stored, except that the Quick, Draw! formats are always in [0,
 * 1] with 1 = ink (the {@code uint8} bitmaps are divided by 255 and strokes are rendered by {@link
 * StrokeRenderer}). Use {@link Dataset#scaled(double, double)} to normalise other data.
 */
public final class Datasets {

  private static final int DRAWING_PIXELS =
      StrokeRenderer.QUICKDRAW_SIZE * StrokeRenderer.QUICKDRAW_SIZE;

  private Datasets() {}

  /**
   * Loads a file with the default options.
   *
   * @param file the file; its format is recognised by {@link DatasetFormat#detect(Path)}
   * @return the dataset, named by the file name
   * @throws InvalidDataException if the format is unknown or the file is invalid
   */
  public static Dataset load(Path file) {
    return load(file, LoadOptions.defaults());
  }

  /**
   * Loads a file. A {@code .npz} archive gives its features array's first axis as samples and the
   * rest as the sample shape; an IDX images file is paired with its labels file; a single Quick,
   * Draw! file gives a one-class dataset named after the file.
   *
   * @param file the file; its format is recognised by {@link DatasetFormat#detect(Path)}
   * @param options how to load it
   * @return the dataset, named by the file name
   * @throws InvalidDataException if the format is unknown or the file is invalid
   */
  public static Dataset load(Path file, LoadOptions options) {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(options, "options");
    DatasetFormat format = formatOf(file);
    return switch (format) {
      case NPZ -> fromNpz(file, options);
      case IDX -> fromIdx(file, options);
      case IMAGE_CSV -> ImageDatasets.fromCsv(file, options);
      case QUICKDRAW_BITMAP, QUICKDRAW_STROKES, QUICKDRAW_JS ->
          fromClassFiles(List.of(file), options);
    };
  }

  /**
   * Loads what a user points at: a dataset file ({@code .npz}, IDX, Quick, Draw!, a CSV of images
   * and labels) as {@link #load(Path, LoadOptions)} does, or a folder of Quick, Draw! class files
   * or of image folders as {@link #fromDirectory(Path, LoadOptions)} does. The CLI's {@code --data}
   * and the Maven plugin's {@code data} are read through here.
   *
   * @param path the file or folder
   * @param options how to load it
   * @return the dataset
   * @throws InvalidDataException if nothing is at {@code path}, or the file or folder is invalid;
   *     the message names the path and what was expected
   */
  public static Dataset open(Path path, LoadOptions options) {
    Objects.requireNonNull(path, "path");
    if (Files.isDirectory(path)) {
      return fromDirectory(path, options);
    }
    if (!Files.exists(path)) {
      throw new InvalidDataException(
          path.toString(),
          "no such file: expected a dataset (.npz, IDX, Quick, Draw! file or folder, a folder of"
              + " image folders, or a CSV of images and labels)");
    }
    return load(path, options);
  }

  /**
   * Writes a dataset as a NumPy {@code .npz} archive that {@link #load(Path)} reads back, and
   * {@code np.load} too: {@code x} holds the features as float32 ({@code <f4}) of shape {@code [N,
   * ...sampleShape]}, {@code y} the labels as int32 ({@code <i4}) of shape {@code [N]}, each a
   * {@code .npy} version 1.0 entry stored as {@code np.savez} stores it.
   *
   * <p>Class names are not stored: the archive loads back with the same sample shape, features and
   * labels, but its classes are numbered ({@code 0} to the largest label), so name them where the
   * data is read, e.g. with {@code @EvaluationData(classNames = …)}.
   *
   * <p>The file is written atomically (a temporary file beside it, then a move), so a failure never
   * leaves a partial archive; its directory is created if needed, and an existing file is replaced.
   *
   * @param dataset the samples and labels to write
   * @param target the {@code .npz} file
   * @throws InvalidDataException if the dataset is too large for one archive written in memory
   *     (about 2 GiB of values)
   * @throws java.io.UncheckedIOException if the file cannot be written; the message names it
   */
  public static void writeNpz(Dataset dataset, Path target) {
    Objects.requireNonNull(dataset, "dataset");
    Objects.requireNonNull(target, "target");
    AtomicFiles.write(target, NpzWriter.encode(dataset));
  }

  /**
   * Builds a dataset from one file per class, in any of the Quick, Draw! formats (they may be
   * mixed). Each class is named by its file name without the extension ({@link
   * DatasetFormat#className(Path)}), and classes are numbered in the order of {@link
   * LoadOptions#classes()} when it is given, else in the lexicographic order of their names ({@link
   * String#compareTo}), whatever order the files come in; samples keep their file order within each
   * class. Samples have shape {@code [28, 28]} with values in [0, 1].
   *
   * @param files one file per class
   * @param options how to load them; {@code maxSamplesPerClass} reads only the start of each file
   * @return the dataset, named by the first file's directory
   * @throws InvalidDataException if a file is invalid or empty, a format is not per-class, two
   *     files name the same class, or the files do not match the classes given
   */
  public static Dataset fromClassFiles(List<Path> files, LoadOptions options) {
    Objects.requireNonNull(options, "options");
    List<Path> given = List.copyOf(files);
    if (given.isEmpty()) {
      throw new InvalidDataException("class files", "no files given: expected one file per class");
    }
    Map<String, Path> byClass = new TreeMap<>(Comparator.naturalOrder());
    for (Path file : given) {
      DatasetFormat format = formatOf(file);
      if (!format.perClass()) {
        throw new InvalidDataException(
            file.toString(),
            "a "
                + format
                + " file holds several classes; use Datasets.load for it, not as a class"
                + " file");
      }
      Path previous = byClass.put(format.className(file), file);
      if (previous != null) {
        throw new InvalidDataException(
            file.toString(), "class '" + format.className(file) + "' is also given by " + previous);
      }
    }
    int max = options.maxSamplesPerClass().orElse(Integer.MAX_VALUE);
    String origin = String.valueOf(given.get(0).toAbsolutePath().getParent());
    List<String> classNames = ClassOrder.of(origin, byClass.keySet(), options, "class files");
    boolean mapBitmaps = options.featureStorage().maps(bitmapFloatBytes(byClass.values()));
    List<FeatureSource> perClass = new ArrayList<>();
    List<Integer> classOf = new ArrayList<>();
    int[] shape = null;
    Path shapeSource = null;
    long total = 0;
    for (int index = 0; index < classNames.size(); index++) {
      Path file = byClass.get(classNames.get(index));
      if (file == null) {
        continue;
      }
      classOf.add(index);
      DatasetFormat format = formatOf(file);
      int side =
          format == DatasetFormat.QUICKDRAW_STROKES
              ? options.renderer().size()
              : StrokeRenderer.QUICKDRAW_SIZE;
      int[] fileShape = {side, side};
      if (shape != null && !Arrays.equals(shape, fileShape)) {
        throw new InvalidDataException(
            file.toString(),
            "its samples have shape "
                + Arrays.toString(fileShape)
                + " but those of "
                + shapeSource
                + " have "
                + Arrays.toString(shape));
      }
      shape = fileShape;
      shapeSource = file;
      if (mapBitmaps && format == DatasetFormat.QUICKDRAW_BITMAP) {
        // Left in the file: no heap, so the element limit (a guard on allocations) does not apply.
        FeatureSource mapped = new QuickDrawBitmapReader(options.limits()).map(file, max);
        if (mapped.samples() == 0) {
          throw new InvalidDataException(
              file.toString(), "the file has no drawings: expected at least one sample per class");
        }
        perClass.add(mapped);
        continue;
      }
      // Read at most one sample past the element limit, so that an oversized class is detected
      // without holding all of it.
      long allowed = (options.limits().maxElements() - total) / (side * side);
      int toRead = (int) Math.min(max, allowed + 1);
      float[] values =
          switch (format) {
            case QUICKDRAW_BITMAP -> new QuickDrawBitmapReader(options.limits()).read(file, toRead);
            case QUICKDRAW_STROKES ->
                QuickDrawStrokeReader.render(file, toRead, options.renderer());
            case QUICKDRAW_JS -> QuickDrawJsReader.read(file, toRead);
            case NPZ, IDX, IMAGE_CSV -> throw new IllegalStateException("checked above");
          };
      if (values.length == 0) {
        throw new InvalidDataException(
            file.toString(), "the file has no drawings: expected at least one sample per class");
      }
      if (values.length / (side * side) > allowed) {
        throw new InvalidDataException(
            file.toString(),
            "the classes need more than "
                + options.limits().maxElements()
                + " values, the element limit; read fewer samples per class (maxSamplesPerClass)"
                + " or raise the limit");
      }
      total += values.length;
      perClass.add(new ArrayFeatures(values, side * side));
    }
    // The classes stay in their own arrays (or mappings): one copy of the features, not two.
    FeatureSource features = new ConcatenatedFeatures(perClass);
    int[] labels = new int[features.samples()];
    int at = 0;
    for (int c = 0; c < perClass.size(); c++) {
      Arrays.fill(labels, at, at + perClass.get(c).samples(), classOf.get(c));
      at += perClass.get(c).samples();
    }
    Path parent = given.get(0).toAbsolutePath().getParent();
    String name =
        parent == null || parent.getFileName() == null
            ? String.join("+", classNames)
            : parent.getFileName().toString();
    return Dataset.over(name, shape, features, labels, classNames);
  }

  /** Returns what the Quick, Draw! bitmap files would take as floats: four bytes a byte. */
  private static long bitmapFloatBytes(Iterable<Path> files) {
    long total = 0;
    for (Path file : files) {
      if (formatOf(file) == DatasetFormat.QUICKDRAW_BITMAP) {
        try {
          total += Files.size(file) * Float.BYTES;
        } catch (IOException e) {
          // Unreadable: reading it reports the problem with its name.
        }
      }
    }
    return total;
  }

  /**
   * Builds a dataset from every Quick, Draw! file in a directory (not its subdirectories), as
   * {@link #fromClassFiles(List, LoadOptions)} does.
   *
   * @param directory the directory
   * @param options how to load the files
   * @return the dataset, named by the directory
   * @throws InvalidDataException if the directory cannot be listed, holds no Quick, Draw! file, or
   *     a file is invalid
   */
  public static Dataset fromClassDirectory(Path directory, LoadOptions options) {
    Objects.requireNonNull(directory, "directory");
    List<Path> files;
    try (Stream<Path> listing = Files.list(directory)) {
      files =
          listing
              .filter(Files::isRegularFile)
              .filter(f -> DatasetFormat.detect(f).map(DatasetFormat::perClass).orElse(false))
              .sorted()
              .toList();
    } catch (IOException e) {
      throw new InvalidDataException(
          directory.toString(), "cannot list the directory: " + InputFiles.describe(e), e);
    }
    if (files.isEmpty()) {
      throw new InvalidDataException(
          directory.toString(),
          "no class files: expected <class>.npy, <class>.ndjson or <class>.ndjson.gz files");
    }
    return fromClassFiles(files, options);
  }

  /**
   * Builds a dataset from a folder of images with one subfolder per class, the layout of Keras'
   * {@code image_dataset_from_directory} and torchvision's {@code ImageFolder}: each subfolder is a
   * class named by the folder, and holds its PNG, JPEG and BMP files (also in nested folders; other
   * files are ignored), taken in path order. Classes are numbered in the order of {@link
   * LoadOptions#classes()} when it is given, else in the sorted order of their names, as both
   * libraries do. Images are decoded, resized and normalised as {@link LoadOptions#images()} says.
   *
   * @param directory the folder of class folders
   * @param options how to load them; {@code images} must be present
   * @return the dataset, named by the folder
   * @throws InvalidDataException if no image options are given, a class folder has no images, the
   *     folders do not match the classes given, or an image cannot be decoded (the message names
   *     it)
   */
  public static Dataset fromImageFolder(Path directory, LoadOptions options) {
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(options, "options");
    return ImageDatasets.fromFolder(directory, options);
  }

  /**
   * Builds a dataset from a CSV file listing images and their labels ({@link
   * DatasetFormat#IMAGE_CSV}). A label is a class name or a class index: names are looked up in
   * {@link LoadOptions#classes()}, or, when none are given, numbered in sorted order; when every
   * label is an integer and no classes are given, the labels are the class indices.
   *
   * @param csv the CSV file; image paths in it are relative to its folder
   * @param options how to load them; {@code images} must be present
   * @return the dataset, named by the CSV file
   * @throws InvalidDataException if the CSV file is malformed, lacks the columns, names a label
   *     that is no class, or an image cannot be decoded (the message names it)
   */
  public static Dataset fromImageCsv(Path csv, LoadOptions options) {
    Objects.requireNonNull(csv, "csv");
    Objects.requireNonNull(options, "options");
    return ImageDatasets.fromCsv(csv, options);
  }

  /**
   * Builds a dataset from a folder: a folder of class folders of images ({@link #fromImageFolder})
   * when a subfolder holds an image, else a folder of Quick, Draw! class files ({@link
   * #fromClassDirectory}).
   *
   * @param directory the folder
   * @param options how to load it
   * @return the dataset, named by the folder
   * @throws InvalidDataException as the two loaders do
   */
  public static Dataset fromDirectory(Path directory, LoadOptions options) {
    Objects.requireNonNull(directory, "directory");
    return ImageDatasets.isImageFolder(directory)
        ? fromImageFolder(directory, options)
        : fromClassDirectory(directory, options);
  }

  /**
   * Tells whether a folder holds images in class folders, as {@link #fromDirectory} reads it.
   *
   * @param directory the folder
   * @return {@code true} if a subfolder holds a PNG, JPEG or BMP file
   */
  public static boolean isImageFolder(Path directory) {
    return ImageDatasets.isImageFolder(directory);
  }

  private static DatasetFormat formatOf(Path file) {
    return DatasetFormat.detect(file)
        .orElseThrow(
            () ->
                new InvalidDataException(
                    file.toString(),
                    "unknown dataset format: expected a name ending in .npz, .npy, .ndjson,"
                        + " .ndjson.gz, .csv (images and labels) or an IDX name such as"
                        + " train-images-idx3-ubyte"));
  }

  private static Dataset fromNpz(Path file, LoadOptions options) {
    NpzReader reader = new NpzReader(options.limits());
    if (options.featureStorage() != FeatureStorage.MEMORY
        && options.featureStorage().maps(reader.floatBytes(file, options.featuresKey()))) {
      NpyReader.MappedArray features = reader.map(file, options.featuresKey(), Integer.MAX_VALUE);
      NdArray labels = reader.read(file, options.labelsKey());
      return labelled(
          file,
          features.origin(),
          Arrays.stream(features.shape()).boxed().toList(),
          sampleSize -> features.features(),
          labels,
          options);
    }
    Map<String, NdArray> arrays =
        reader.read(file, List.of(options.featuresKey(), options.labelsKey()));
    return labelled(
        file, arrays.get(options.featuresKey()), arrays.get(options.labelsKey()), options);
  }

  private static Dataset fromIdx(Path file, LoadOptions options) {
    Path labelsFile = options.labelsFile().orElseGet(() -> labelsFileFor(file));
    IdxReader reader = new IdxReader(options.limits());
    return labelled(file, reader.read(file), reader.read(labelsFile), options);
  }

  private static Path labelsFileFor(Path images) {
    String name = String.valueOf(images.getFileName());
    String labelsName = name.replace("images", "labels").replace("idx3", "idx1");
    if (labelsName.equals(name)) {
      throw new InvalidDataException(
          images.toString(),
          "cannot derive the IDX labels file from this name (expected 'images' and 'idx3' in it,"
              + " as in train-images-idx3-ubyte); give it with LoadOptions.withLabelsFile");
    }
    Path labels = images.resolveSibling(labelsName);
    if (!Files.isRegularFile(labels)) {
      throw new InvalidDataException(
          images.toString(), "the IDX labels file " + labels + " that belongs to it is missing");
    }
    return labels;
  }

  private static Dataset labelled(
      Path file, NdArray features, NdArray labels, LoadOptions options) {
    return labelled(
        file,
        features.origin(),
        features.shape(),
        sampleSize -> new ArrayFeatures(features.toFloatArray(), sampleSize),
        labels,
        options);
  }

  private static Dataset labelled(
      Path file,
      String featuresOrigin,
      List<Integer> featureShape,
      IntFunction<FeatureSource> features,
      NdArray labels,
      LoadOptions options) {
    List<Integer> labelShape = labels.shape();
    if (featureShape.isEmpty()) {
      throw new InvalidDataException(
          featuresOrigin, "the features are a scalar; expected an array of samples");
    }
    boolean labelsAreColumn =
        labelShape.size() == 1 || (labelShape.size() == 2 && labelShape.get(1) == 1);
    boolean floatTargets = !labels.elementType().integral();
    if (!labelsAreColumn && !(floatTargets && labelShape.size() == 2)) {
      throw new InvalidDataException(
          labels.origin(),
          "the labels have shape "
              + labelShape
              + (floatTargets
                  ? "; expected one or several float targets per sample, [N], [N, 1] or [N, k]"
                  : "; expected one integer per sample, [N] or [N, 1]"));
    }
    int samples = featureShape.get(0);
    if (labelShape.get(0) != samples) {
      throw new InvalidDataException(
          file.toString(),
          "the features ("
              + featuresOrigin
              + ") have "
              + samples
              + " samples but the labels ("
              + labels.origin()
              + ") have "
              + labelShape.get(0));
    }
    int[] sampleShape =
        featureShape.size() == 1
            ? new int[] {1}
            : featureShape.subList(1, featureShape.size()).stream()
                .mapToInt(Integer::intValue)
                .toArray();
    int sampleSize = featureShape.size() == 1 ? 1 : checkedSampleSize(featuresOrigin, featureShape);
    FeatureSource source = features.apply(sampleSize);
    if (source.sampleSize() != sampleSize || source.samples() != samples) {
      throw new IllegalStateException("the feature source does not match its shape");
    }
    Dataset dataset =
        floatTargets
            ? withFloatLabels(file, sampleShape, source, labels, options.classes())
            : Dataset.over(
                file.toString(), sampleShape, source, labels.toIntArray(), options.classes());
    if (dataset.task() == Task.REGRESSION && options.maxSamplesPerClass().isPresent()) {
      // A regression dataset is one group: keep its first samples.
      int keep = Math.min(dataset.size(), options.maxSamplesPerClass().getAsInt());
      dataset = dataset.subset(IntStream.range(0, keep).toArray(), dataset.name());
    } else if (options.maxSamplesPerClass().isPresent()) {
      dataset = firstOfEachClass(dataset, options.maxSamplesPerClass().getAsInt());
    }
    return dataset.named(String.valueOf(file.getFileName()));
  }

  /**
   * Reads a floating-point labels array: whole numbers, one per sample, are class labels that keep
   * their values as targets too (see {@link Task}); anything else is regression targets.
   */
  private static Dataset withFloatLabels(
      Path file,
      int[] sampleShape,
      FeatureSource features,
      NdArray labels,
      List<String> classNames) {
    List<Integer> shape = labels.shape();
    int width = shape.size() == 1 ? 1 : shape.get(1);
    float[] targets = labels.toFloatArray();
    boolean classLabels = width == 1;
    for (int i = 0; i < targets.length && classLabels; i++) {
      classLabels =
          targets[i] == Math.rint(targets[i])
              && targets[i] >= 0
              && targets[i] < Dataset.MAX_CLASSES;
    }
    if (!classLabels) {
      return Dataset.overTargets(file.toString(), sampleShape, features, targets, width);
    }
    int[] classes = new int[targets.length];
    for (int i = 0; i < targets.length; i++) {
      classes[i] = (int) targets[i];
    }
    return Dataset.over(file.toString(), sampleShape, features, classes, classNames)
        .withTargets(targets, 1, Task.CLASSIFICATION);
  }

  private static int checkedSampleSize(String origin, List<Integer> featureShape) {
    long size = 1;
    for (int dim : featureShape.subList(1, featureShape.size())) {
      size *= dim;
      if (size > Integer.MAX_VALUE) {
        throw new InvalidDataException(
            origin,
            "a sample of shape " + featureShape.subList(1, featureShape.size()) + " is too large");
      }
    }
    return (int) size;
  }

  private static Dataset firstOfEachClass(Dataset dataset, int max) {
    int[] taken = new int[dataset.classCount()];
    int[] keep = new int[dataset.size()];
    int kept = 0;
    for (int i = 0; i < dataset.size(); i++) {
      if (taken[dataset.label(i)]++ < max) {
        keep[kept++] = i;
      }
    }
    return dataset.subset(Arrays.copyOf(keep, kept), dataset.name());
  }
}
