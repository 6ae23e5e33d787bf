package io.github.modelbudget.harness.data;

import io.github.modelbudget.harness.InputFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Reads the official Quick, Draw! {@code numpy_bitmap} files: {@code .npy} arrays of {@code uint8}
 * with shape {@code [N, 784]}, each row a 28×28 bitmap where 255 is ink. Values are scaled to [0,
 * 1]. Instances are immutable and thread-safe.
 */
public final class QuickDrawBitmapReader {

  private static final int PIXELS = StrokeRenderer.QUICKDRAW_SIZE * StrokeRenderer.QUICKDRAW_SIZE;

  private final NpyReader npy;

  /**
   * Creates a reader held to the given limits.
   *
   * @param limits the header and element limits
   */
  public QuickDrawBitmapReader(NpyLimits limits) {
    this.npy = new NpyReader(limits);
  }

  /**
   * Reads the first bitmaps of a file; the rest of the file is not read.
   *
   * @param file the {@code .npy} file
   * @param maxDrawings the most bitmaps to read, at least 1
   * @return {@code count × 784} values in [0, 1], one bitmap after the other
   * @throws InvalidDataException if the file is not a {@code uint8 [N, 784]} array
   */
  public float[] read(Path file, int maxDrawings) {
    Objects.requireNonNull(file, "file");
    NdArray array = npy.read(file, maxDrawings);
    checkBitmaps(file, array.elementType(), array.shape());
    float[] values = array.toFloatArray();
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) (values[i] / 255.0);
    }
    return values;
  }

  /**
   * Maps the first bitmaps of a file instead of reading them: the values are read, and scaled to
   * [0, 1] exactly as {@link #read} scales them, as they are used.
   *
   * @param file the {@code .npy} file
   * @param maxDrawings the most bitmaps to map, at least 1
   * @return the bitmaps as samples of 784 values
   * @throws InvalidDataException if the file is not a {@code uint8 [N, 784]} array
   */
  FeatureSource map(Path file, int maxDrawings) {
    Objects.requireNonNull(file, "file");
    InputFiles.requireRegularFile(
        file, problem -> new InvalidDataException(file.toString(), problem));
    long size;
    try {
      size = Files.size(file);
    } catch (IOException e) {
      throw new InvalidDataException(file.toString(), "cannot read: " + InputFiles.describe(e), e);
    }
    NpyReader.MappedArray array = npy.map(file, 0, size, file.toString(), maxDrawings);
    checkBitmaps(file, array.type(), Arrays.stream(array.shape()).boxed().toList());
    return array.features().dividedBy(255.0);
  }

  private static void checkBitmaps(Path file, ElementType type, List<Integer> shape) {
    if (type != ElementType.UINT8 || shape.size() != 2 || shape.get(1) != PIXELS) {
      throw new InvalidDataException(
          file.toString(),
          "expected a Quick, Draw! numpy_bitmap array of uint8 with shape [N, "
              + PIXELS
              + "] but found "
              + type
              + " "
              + shape);
    }
  }
}
