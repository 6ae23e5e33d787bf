package io.github.modelbudget.harness.data;

import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Labelled samples: one float feature vector per sample, all of the same shape, and one integer
 * class label per sample, or, for {@linkplain Task#REGRESSION regression}, one or several float
 * targets per sample ({@link #ofTargets}).
 *
 * <p>Features are read row-major a batch at a time ({@link #copyFeatures}). A dataset built with
 * {@link #of} holds them in one array on the heap; one loaded with {@link FeatureStorage#MAPPED}
 * leaves them in their file and reads them through a memory map, so that its heap use does not grow
 * with its size (labels and class names stay on the heap). Both behave the same: the same values,
 * the same {@link #sha256()}. Instances are immutable and thread-safe; every transformation returns
 * a new dataset, and on a mapped dataset {@link #subset}, {@link #shuffled} and {@link #scaled} are
 * views that read the file as they are used.
 */
public final class Dataset {

  /**
   * The most classes a dataset may have, 2^20: far more than any classifier's output (the largest
   * TFLite classifiers score about 100,000 classes), and few enough that numbering them is cheap. A
   * label beyond it is almost always a corrupt or wrong labels array.
   */
  public static final int MAX_CLASSES = 1 << 20;

  private final String name;
  private final int[] sampleShape;
  private final int sampleSize;
  private final FeatureSource features;
  private final int[] labels;
  private final List<String> classNames;
  private final int classCount;
  // Regression targets (targetWidth per sample), or null. A classification dataset keeps them too
  // when its labels were whole numbers stored as floats: see Task for how that is resolved.
  private final float[] targets;
  private final int targetWidth;
  private volatile String sha256;

  private Dataset(
      String name,
      int[] sampleShape,
      FeatureSource features,
      int[] labels,
      List<String> classNames,
      int classCount,
      float[] targets,
      int targetWidth) {
    this.name = name;
    this.sampleShape = sampleShape;
    this.sampleSize = product(sampleShape);
    this.features = features;
    this.labels = labels;
    this.classNames = classNames;
    this.classCount = classCount;
    this.targets = targets;
    this.targetWidth = targetWidth;
  }

  /**
   * Creates a dataset. The arrays are copied.
   *
   * @param name the dataset's name, used in messages and reports
   * @param sampleShape the shape of one sample, e.g. {@code {28, 28}}
   * @param features {@code labels.length × product(sampleShape)} values, row-major
   * @param labels one class index per sample
   * @param classNames the name of each class, or an empty list to number them
   * @return the dataset
   * @throws InvalidDataException if the dataset is empty, the feature count does not match, or a
   *     label is negative, has no class name or is at least {@link #MAX_CLASSES}
   */
  public static Dataset of(
      String name, int[] sampleShape, float[] features, int[] labels, List<String> classNames) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(sampleShape, "sampleShape");
    Objects.requireNonNull(features, "features");
    Objects.requireNonNull(labels, "labels");
    checkShape(name, sampleShape);
    if (labels.length == 0) {
      throw new InvalidDataException(name, "the dataset is empty: expected at least one sample");
    }
    long sampleSize = product(sampleShape);
    if ((long) labels.length * sampleSize != features.length) {
      throw new InvalidDataException(
          name,
          labels.length
              + " labels and samples of shape "
              + Arrays.toString(sampleShape)
              + " need "
              + (long) labels.length * sampleSize
              + " feature values but "
              + features.length
              + " were given ("
              + (features.length % sampleSize == 0
                  ? features.length / sampleSize + " samples"
                  : "not a whole number of samples")
              + ")");
    }
    return create(
        name,
        sampleShape.clone(),
        new ArrayFeatures(features.clone(), (int) sampleSize),
        labels.clone(),
        classNames);
  }

  /**
   * Creates a dataset over a feature source of {@code labels.length} samples; the arrays are not
   * copied.
   */
  static Dataset over(
      String name,
      int[] sampleShape,
      FeatureSource features,
      int[] labels,
      List<String> classNames) {
    checkShape(name, sampleShape);
    if (labels.length == 0) {
      throw new InvalidDataException(name, "the dataset is empty: expected at least one sample");
    }
    if (features.samples() != labels.length || features.sampleSize() != product(sampleShape)) {
      throw new InvalidDataException(
          name,
          labels.length
              + " labels and samples of shape "
              + Arrays.toString(sampleShape)
              + " were given with "
              + features.samples()
              + " samples of "
              + features.sampleSize()
              + " values");
    }
    return create(name, sampleShape, features, labels, classNames);
  }

  private static void checkShape(String name, int[] sampleShape) {
    for (int dim : sampleShape) {
      if (dim < 1) {
        throw new InvalidDataException(
            name,
            "every dimension of the sample shape must be at least 1 but it is "
                + Arrays.toString(sampleShape));
      }
    }
  }

  private static Dataset create(
      String name,
      int[] sampleShape,
      FeatureSource features,
      int[] labels,
      List<String> classNames) {
    List<String> names = List.copyOf(Objects.requireNonNull(classNames, "classNames"));
    int maxLabel = -1;
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0) {
        throw new InvalidDataException(
            name, "label " + i + " is " + labels[i] + "; labels must not be negative");
      }
      if (labels[i] >= MAX_CLASSES) {
        throw new InvalidDataException(
            name,
            "the label of sample "
                + i
                + " is "
                + labels[i]
                + ", which would make "
                + ((long) labels[i] + 1)
                + " classes; at most "
                + MAX_CLASSES
                + " classes (labels 0 to "
                + (MAX_CLASSES - 1)
                + ") are supported. Is the labels array the right one?");
      }
      maxLabel = Math.max(maxLabel, labels[i]);
    }
    if (!names.isEmpty() && maxLabel >= names.size()) {
      throw new InvalidDataException(
          name,
          "label "
              + maxLabel
              + " is out of range: there are "
              + names.size()
              + " class names "
              + names);
    }
    int classCount = names.isEmpty() ? maxLabel + 1 : names.size();
    return new Dataset(name, sampleShape, features, labels, names, classCount, null, 0);
  }

  /**
   * Creates a regression dataset: {@code targetWidth} float targets per sample. The arrays are
   * copied.
   *
   * @param name the dataset's name, used in messages and reports
   * @param sampleShape the shape of one sample, e.g. {@code {1}}
   * @param features {@code N × product(sampleShape)} values, row-major
   * @param targets {@code N × targetWidth} values, row-major
   * @param targetWidth the number of targets per sample, at least 1
   * @return the dataset, whose {@link #task()} is {@link Task#REGRESSION}
   * @throws InvalidDataException if the dataset is empty, the counts do not match, or a target is
   *     not finite
   */
  public static Dataset ofTargets(
      String name, int[] sampleShape, float[] features, float[] targets, int targetWidth) {
    checkTargets(name, targets, targetWidth);
    Dataset shaped =
        of(name, sampleShape, features, new int[targets.length / targetWidth], List.of());
    return shaped.withTargets(targets.clone(), targetWidth, Task.REGRESSION);
  }

  /** A regression dataset over a feature source; the targets are not copied. */
  static Dataset overTargets(
      String name, int[] sampleShape, FeatureSource features, float[] targets, int targetWidth) {
    checkTargets(name, targets, targetWidth);
    return over(name, sampleShape, features, new int[targets.length / targetWidth], List.of())
        .withTargets(targets, targetWidth, Task.REGRESSION);
  }

  private static void checkTargets(String name, float[] targets, int targetWidth) {
    Objects.requireNonNull(targets, "targets");
    if (targetWidth < 1) {
      throw new InvalidDataException(
          name, "a sample needs at least one target but the width is " + targetWidth);
    }
    if (targets.length % targetWidth != 0) {
      throw new InvalidDataException(
          name, targets.length + " targets are not a whole number of samples of " + targetWidth);
    }
    for (int i = 0; i < targets.length; i++) {
      if (!Float.isFinite(targets[i])) {
        throw new InvalidDataException(
            name,
            "target "
                + i
                + " (sample "
                + i / targetWidth
                + ") is "
                + targets[i]
                + "; regression targets must be finite numbers");
      }
    }
  }

  /**
   * Returns the task the dataset is evaluated as (see {@link Task} for how it is inferred).
   *
   * @return classification or regression, never {@code null}
   */
  public Task task() {
    return targets != null && classCount == 0 ? Task.REGRESSION : Task.CLASSIFICATION;
  }

  /**
   * Tells whether the dataset has float targets: always for regression, and for a classification
   * dataset whose labels were whole numbers stored as floats, which may still be read as regression
   * (see {@link Task}).
   *
   * @return {@code true} if {@link #targets()} is not empty
   */
  public boolean hasTargets() {
    return targets != null;
  }

  /**
   * Returns the number of targets per sample.
   *
   * @return at least 1 if the dataset has targets, 0 otherwise
   */
  public int targetWidth() {
    return targetWidth;
  }

  /**
   * Returns a copy of all targets, row-major.
   *
   * @return {@code size() × targetWidth()} values; empty if the dataset has none
   */
  public float[] targets() {
    return targets == null ? new float[0] : targets.clone();
  }

  /**
   * Returns the dataset as the given task. Regression keeps the targets (a classification dataset's
   * labels become one target each, their class index); classification needs one whole-number target
   * per sample and makes them the labels.
   *
   * @param task the task
   * @return this dataset if it already is that task without an open choice, otherwise a new one
   * @throws InvalidDataException if regression targets cannot be class labels
   */
  public Dataset withTask(Task task) {
    Objects.requireNonNull(task, "task");
    if (task == Task.REGRESSION) {
      if (task() == Task.REGRESSION) {
        return this;
      }
      float[] values = targets;
      if (values == null) {
        values = new float[labels.length];
        for (int i = 0; i < labels.length; i++) {
          values[i] = labels[i];
        }
      }
      return new Dataset(
          name, sampleShape, features, new int[labels.length], List.of(), 0, values, 1);
    }
    if (task() == Task.CLASSIFICATION) {
      return targets == null
          ? this
          : new Dataset(name, sampleShape, features, labels, classNames, classCount, null, 0);
    }
    if (targetWidth != 1) {
      throw new InvalidDataException(
          name,
          "it has "
              + targetWidth
              + " targets per sample; classification needs one class label per sample");
    }
    int[] asLabels = new int[targets.length];
    for (int i = 0; i < targets.length; i++) {
      if (targets[i] != Math.rint(targets[i]) || targets[i] < 0) {
        throw new InvalidDataException(
            name,
            "target "
                + i
                + " is "
                + targets[i]
                + "; classification needs whole, non-negative class labels");
      }
      asLabels[i] = (int) targets[i];
    }
    return create(name, sampleShape, features, asLabels, List.of());
  }

  /** Attaches targets; a regression dataset has no classes. */
  Dataset withTargets(float[] values, int width, Task task) {
    return task == Task.REGRESSION
        ? new Dataset(name, sampleShape, features, labels, List.of(), 0, values, width)
        : new Dataset(name, sampleShape, features, labels, classNames, classCount, values, width);
  }

  /**
   * Returns the dataset's name.
   *
   * @return the name, never {@code null}
   */
  public String name() {
    return name;
  }

  /**
   * Returns the number of samples.
   *
   * @return at least 1
   */
  public int size() {
    return labels.length;
  }

  /**
   * Returns the shape of one sample.
   *
   * @return the dimensions, e.g. {@code [28, 28]}
   */
  public List<Integer> sampleShape() {
    return Arrays.stream(sampleShape).boxed().toList();
  }

  /**
   * Returns the number of feature values of one sample.
   *
   * @return the product of the sample shape
   */
  public int sampleSize() {
    return sampleSize;
  }

  /**
   * Returns the number of classes the data itself shows: the number of class names, or the largest
   * label plus one. A model may score more classes than its test data uses (a 1001-way ImageNet
   * classifier tested on a few classes); an evaluation takes its class count from the model's
   * output width and only checks that every label fits it.
   *
   * @return the class count
   */
  public int classCount() {
    return classCount;
  }

  /**
   * Tells whether the dataset names its classes, rather than numbering them up to its largest
   * label.
   *
   * @return {@code true} if class names were given
   */
  public boolean hasClassNames() {
    return !classNames.isEmpty();
  }

  /**
   * Returns the class names.
   *
   * @return the names, or the class indices as strings if the dataset has none
   */
  public List<String> classNames() {
    if (!classNames.isEmpty()) {
      return classNames;
    }
    List<String> numbered = new ArrayList<>(classCount);
    for (int i = 0; i < classCount; i++) {
      numbered.add(Integer.toString(i));
    }
    return List.copyOf(numbered);
  }

  /**
   * Returns a sample's label.
   *
   * @param sample the sample's index
   * @return its class index; 0 for every sample of a regression dataset
   */
  public int label(int sample) {
    return labels[sample];
  }

  /**
   * Returns a copy of all labels.
   *
   * @return one class index per sample
   */
  public int[] labels() {
    return labels.clone();
  }

  /**
   * Copies the features of samples {@code [from, to)} into an array.
   *
   * @param from the first sample
   * @param to one past the last sample
   * @param into the destination, at least {@code (to - from) × sampleSize()} long from {@code
   *     offset}
   * @param offset where to start writing
   */
  public void copyFeatures(int from, int to, float[] into, int offset) {
    Objects.checkFromToIndex(from, to, labels.length);
    features.copy(from, to, into, offset);
  }

  /**
   * Copies the features of samples {@code [from, to)} into a buffer at its position, which advances
   * past them; a direct buffer over a model's input tensor is filled without an array in between.
   *
   * @param from the first sample
   * @param to one past the last sample
   * @param into the destination, with at least {@code (to - from) × sampleSize()} values remaining
   * @throws BufferOverflowException if the buffer has too little room
   */
  public void copyFeatures(int from, int to, FloatBuffer into) {
    Objects.checkFromToIndex(from, to, labels.length);
    Objects.requireNonNull(into, "into");
    if (into.remaining() < (long) (to - from) * sampleSize) {
      throw new BufferOverflowException();
    }
    features.copy(from, to, into);
  }

  /**
   * Tells whether the features are held on the heap ({@link #of}, {@link FeatureStorage#MEMORY}) or
   * read from their file as they are used ({@link FeatureStorage#MAPPED}).
   *
   * @return {@code true} for features on the heap
   */
  public boolean featuresInMemory() {
    return features.inMemory();
  }

  /**
   * Returns the features of samples {@code [from, to)}.
   *
   * @param from the first sample
   * @param to one past the last sample
   * @return a new array of {@code (to - from) × sampleSize()} values
   */
  public float[] features(int from, int to) {
    float[] slice = new float[(to - from) * sampleSize];
    copyFeatures(from, to, slice, 0);
    return slice;
  }

  /**
   * Returns the SHA-256 of the dataset's content (sample shape, features, labels and class names),
   * so that results computed on it can be matched to it. The name is not part of the digest.
   *
   * @return 64 lower-case hex digits
   */
  public String sha256() {
    String digest = sha256;
    if (digest == null) {
      digest = computeDigest();
      sha256 = digest;
    }
    return digest;
  }

  /**
   * Returns the samples at the given indices, in that order.
   *
   * @param indices sample indices; repeats are allowed
   * @param newName the subset's name
   * @return the subset
   */
  public Dataset subset(int[] indices, String newName) {
    int[] pickedLabels = new int[indices.length];
    float[] pickedTargets = targets == null ? null : new float[indices.length * targetWidth];
    for (int i = 0; i < indices.length; i++) {
      Objects.checkIndex(indices[i], labels.length);
      pickedLabels[i] = labels[indices[i]];
      if (pickedTargets != null) {
        System.arraycopy(
            targets, indices[i] * targetWidth, pickedTargets, i * targetWidth, targetWidth);
      }
    }
    if (indices.length == 0) {
      throw new InvalidDataException(newName, "the dataset is empty: expected at least one sample");
    }
    FeatureSource picked;
    if (features.inMemory()) {
      float[] values = new float[indices.length * sampleSize];
      for (int i = 0; i < indices.length; i++) {
        features.copy(indices[i], indices[i] + 1, values, i * sampleSize);
      }
      picked = new ArrayFeatures(values, sampleSize);
    } else {
      picked = new IndexedFeatures(features, indices.clone());
    }
    return new Dataset(
        newName,
        sampleShape,
        picked,
        pickedLabels,
        classNames,
        classCount,
        pickedTargets,
        targetWidth);
  }

  /**
   * Returns the samples in a random order (Fisher–Yates with a seeded generator).
   *
   * @param seed the seed; the same seed gives the same order
   * @return the shuffled dataset
   */
  public Dataset shuffled(long seed) {
    int[] order = identity(labels.length);
    shuffle(order, new SplittableRandom(seed));
    return subset(order, name);
  }

  /**
   * Splits the dataset into train and test parts, keeping each class's share in both: within each
   * class the samples are shuffled with the seed and {@code round(count × testFraction)} go to
   * test.
   *
   * @param testFraction the share of each class that goes to test, in (0, 1)
   * @param seed the seed; the same seed gives the same split
   * @return the two parts, named {@code <name>/train} and {@code <name>/test}
   * @throws InvalidDataException if a part would be empty
   */
  public Split stratifiedSplit(double testFraction, long seed) {
    if (!(testFraction > 0 && testFraction < 1)) {
      throw new IllegalArgumentException("testFraction must be in (0, 1) but was " + testFraction);
    }
    SplittableRandom random = new SplittableRandom(seed);
    List<Integer> train = new ArrayList<>();
    List<Integer> test = new ArrayList<>();
    for (int c = 0; c < classCount; c++) {
      List<Integer> members = new ArrayList<>();
      for (int i = 0; i < labels.length; i++) {
        if (labels[i] == c) {
          members.add(i);
        }
      }
      int[] shuffled = members.stream().mapToInt(Integer::intValue).toArray();
      shuffle(shuffled, random);
      int testCount = (int) Math.round(shuffled.length * testFraction);
      for (int i = 0; i < shuffled.length; i++) {
        (i < testCount ? test : train).add(shuffled[i]);
      }
    }
    int[] trainOrder = train.stream().mapToInt(Integer::intValue).toArray();
    int[] testOrder = test.stream().mapToInt(Integer::intValue).toArray();
    Arrays.sort(trainOrder);
    Arrays.sort(testOrder);
    return new Split(subset(trainOrder, name + "/train"), subset(testOrder, name + "/test"));
  }

  /**
   * Returns the dataset with every feature value mapped to {@code value × scale + offset}; for
   * example {@code scaled(1 / 255.0, 0)} maps bytes to [0, 1].
   *
   * @param scale the factor
   * @param offset the shift
   * @return the normalised dataset
   */
  public Dataset scaled(double scale, double offset) {
    FeatureSource view = new ScaledFeatures(features, scale, offset);
    if (features.inMemory()) {
      float[] values = new float[labels.length * sampleSize];
      view.copy(0, labels.length, values, 0);
      view = new ArrayFeatures(values, sampleSize);
    }
    return new Dataset(
        name, sampleShape, view, labels, classNames, classCount, targets, targetWidth);
  }

  /**
   * Returns the dataset under another name.
   *
   * @param newName the name
   * @return the renamed dataset, sharing this one's data
   */
  public Dataset named(String newName) {
    return new Dataset(
        Objects.requireNonNull(newName),
        sampleShape,
        features,
        labels,
        classNames,
        classCount,
        targets,
        targetWidth);
  }

  /**
   * Returns the dataset with its classes named, sharing this one's features (a mapped dataset stays
   * mapped).
   *
   * @param names the name of each class, in label order, or an empty list to number them
   * @return the renamed classes' dataset
   * @throws InvalidDataException if a label has no name
   */
  public Dataset withClassNames(List<String> names) {
    Dataset named = create(name, sampleShape, features, labels, names);
    return targets == null ? named : named.withTargets(targets, targetWidth, task());
  }

  /**
   * Returns consecutive batches of at most {@code batchSize} samples; the last may be smaller.
   *
   * @param batchSize the largest batch, at least 1
   * @return the batches in order
   */
  public List<Batch> batches(int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be at least 1 but was " + batchSize);
    }
    List<Batch> batches = new ArrayList<>();
    for (int from = 0; from < labels.length; from += batchSize) {
      int to = Math.min(labels.length, from + batchSize);
      batches.add(new Batch(from, to - from));
    }
    return batches;
  }

  /**
   * The two parts of a split.
   *
   * @param train the training part
   * @param test the test part
   */
  public record Split(Dataset train, Dataset test) {}

  /**
   * A run of consecutive samples.
   *
   * @param offset the first sample's index
   * @param size the number of samples
   */
  public record Batch(int offset, int size) {}

  @Override
  public String toString() {
    return "Dataset["
        + name
        + ", "
        + labels.length
        + " samples of "
        + Arrays.toString(sampleShape)
        + ", "
        + (task() == Task.REGRESSION
            ? targetWidth + (targetWidth == 1 ? " target" : " targets") + " per sample"
            : classCount + " classes")
        + "]";
  }

  private String computeDigest() {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      ByteBuffer header =
          ByteBuffer.allocate(4 + 4 * sampleShape.length).order(ByteOrder.LITTLE_ENDIAN);
      header.putInt(sampleShape.length);
      for (int dim : sampleShape) {
        header.putInt(dim);
      }
      digest.update(header.array());
      // Whole samples at a time, about 16 kB, whatever the storage: the same bytes are digested.
      int perRead = Math.max(1, 4096 / sampleSize);
      float[] values = new float[perRead * sampleSize];
      ByteBuffer chunk =
          ByteBuffer.allocate(Float.BYTES * values.length).order(ByteOrder.LITTLE_ENDIAN);
      for (int from = 0; from < labels.length; from += perRead) {
        int to = Math.min(labels.length, from + perRead);
        features.copy(from, to, values, 0);
        chunk.clear();
        chunk.asFloatBuffer().put(values, 0, (to - from) * sampleSize);
        digest.update(chunk.array(), 0, Float.BYTES * (to - from) * sampleSize);
      }
      if (task() == Task.REGRESSION) {
        // A marker, so that a regression dataset never shares a classification dataset's digest.
        digest.update("regression".getBytes(StandardCharsets.UTF_8));
        ByteBuffer targetBytes =
            ByteBuffer.allocate(4 + 4 * targets.length).order(ByteOrder.LITTLE_ENDIAN);
        targetBytes.putInt(targetWidth);
        for (float target : targets) {
          targetBytes.putFloat(target);
        }
        digest.update(targetBytes.array());
      } else {
        ByteBuffer labelBytes =
            ByteBuffer.allocate(4 * labels.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int label : labels) {
          labelBytes.putInt(label);
        }
        digest.update(labelBytes.array());
      }
      for (String className : classNames) {
        digest.update(className.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform provides SHA-256", e);
    }
  }

  private static int[] identity(int n) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    return order;
  }

  private static void shuffle(int[] values, SplittableRandom random) {
    for (int i = values.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int tmp = values[i];
      values[i] = values[j];
      values[j] = tmp;
    }
  }

  private static int product(int[] shape) {
    long product = 1;
    for (int dim : shape) {
      product *= dim;
    }
    if (product > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "a sample of shape " + Arrays.toString(shape) + " is too large");
    }
    return (int) product;
  }
}
