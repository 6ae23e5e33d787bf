package io.github.modelbudget.harness.format;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.tensorflow.lite.schema.DimensionMetadataT;
import org.tensorflow.lite.schema.DimensionType;
import org.tensorflow.lite.schema.SparseIndexVector;
import org.tensorflow.lite.schema.SparseIndexVectorUnion;
import org.tensorflow.lite.schema.SparsityParametersT;

/**
 * Where each stored value of a sparse tensor lands in the dense tensor, walking the sparsity
 * metadata as TFLite's {@code DENSIFY} does ({@code FormatConverter::SparseToDense}): one level per
 * traversed dimension, a {@code DENSE} level visiting every index, a {@code SPARSE_CSR} level the
 * indices listed in its segment of {@code array_indices}.
 *
 * <p>Unlike the runtime, which skips what does not fit, every inconsistency is an error here.
 */
final class SparseLayout {

  private final int[] shape;
  private final int[] traversal;
  private final int[] blockMap;
  private final int[] blockSizes;
  private final int[] levelSizes;
  private final byte[] formats;
  private final int[][] segments;
  private final int[][] indices;
  private final long maxValues;
  private long[] positions = new long[16];
  private int placed;

  private SparseLayout(int[] shape, SparsityParametersT sparsity, long maxValues) {
    this.shape = shape;
    this.maxValues = maxValues;
    int rank = shape.length;
    traversal = orEmpty(sparsity.getTraversalOrder());
    blockMap = orEmpty(sparsity.getBlockMap());
    DimensionMetadataT[] dims =
        sparsity.getDimMetadata() == null ? new DimensionMetadataT[0] : sparsity.getDimMetadata();
    int levels = rank + blockMap.length;
    if (traversal.length != levels) {
      throw new IllegalArgumentException(
          "expected a traversal order of "
              + levels
              + " dimensions (rank "
              + rank
              + " plus "
              + blockMap.length
              + " block dimensions) but found "
              + Arrays.toString(traversal));
    }
    if (dims.length != levels) {
      throw new IllegalArgumentException(
          "expected metadata for " + levels + " dimensions but found " + dims.length);
    }
    boolean[] seen = new boolean[levels];
    for (int d : traversal) {
      if (d < 0 || d >= levels || seen[d]) {
        throw new IllegalArgumentException(
            "the traversal order " + Arrays.toString(traversal) + " is not a permutation");
      }
      seen[d] = true;
    }
    formats = new byte[levels];
    segments = new int[levels][];
    indices = new int[levels][];
    int[] denseSizes = new int[levels];
    for (int level = 0; level < levels; level++) {
      formats[level] = dims[level].getFormat();
      denseSizes[level] = dims[level].getDenseSize();
      if (formats[level] == DimensionType.SPARSE_CSR) {
        segments[level] = values(dims[level].getArraySegments(), level, "array_segments");
        indices[level] = values(dims[level].getArrayIndices(), level, "array_indices");
      } else if (formats[level] != DimensionType.DENSE) {
        throw new IllegalArgumentException(
            "dimension " + level + " has format " + formats[level] + ", neither DENSE nor CSR");
      }
    }
    // As the runtime does, a block's size is read from the metadata of the level the traversal
    // order names at position rank + j.
    blockSizes = new int[blockMap.length];
    int[] blockedShape = shape.clone();
    for (int j = 0; j < blockMap.length; j++) {
      int dim = blockMap[j];
      int size = denseSizes[traversal[rank + j]];
      if (dim < 0 || dim >= rank || size <= 0 || shape[dim] % size != 0) {
        throw new IllegalArgumentException(
            "block "
                + j
                + " of size "
                + size
                + " on dimension "
                + dim
                + " does not divide "
                + Arrays.toString(shape));
      }
      blockSizes[j] = size;
      blockedShape[dim] = shape[dim] / size;
    }
    levelSizes = new int[levels];
    for (int level = 0; level < levels; level++) {
      int d = traversal[level];
      levelSizes[level] = d < rank ? blockedShape[d] : blockSizes[d - rank];
      if (formats[level] == DimensionType.DENSE && denseSizes[level] != levelSizes[level]) {
        throw new IllegalArgumentException(
            "dense dimension "
                + level
                + " should have size "
                + levelSizes[level]
                + " but declares "
                + denseSizes[level]);
      }
    }
  }

  /**
   * Walks the metadata.
   *
   * @param shape the dense shape
   * @param sparsity the tensor's sparsity parameters
   * @param storedValues how many values the buffer holds
   * @return the dense (row-major) position of each stored value, in storage order
   * @throws IllegalArgumentException if the metadata is inconsistent with the shape or the buffer
   */
  static long[] densePositions(int[] shape, SparsityParametersT sparsity, long storedValues) {
    SparseLayout layout = new SparseLayout(shape, sparsity, storedValues);
    layout.visit(0, 0, new int[layout.traversal.length]);
    if (layout.placed != storedValues) {
      throw new IllegalArgumentException(
          "the sparsity metadata places "
              + layout.placed
              + " values but the buffer holds "
              + storedValues);
    }
    return Arrays.copyOf(layout.positions, layout.placed);
  }

  /** Describes the storage of a tensor whose metadata {@link #densePositions} accepted. */
  static SparseStorage storage(int[] shape, SparsityParametersT sparsity, long storedValues) {
    SparseLayout layout = new SparseLayout(shape, sparsity, storedValues);
    List<String> formats = new ArrayList<>();
    for (byte format : layout.formats) {
      formats.add(DimensionType.name(format));
    }
    return new SparseStorage(
        Arrays.stream(layout.traversal).boxed().toList(),
        Arrays.stream(layout.blockMap).boxed().toList(),
        Arrays.stream(layout.blockSizes).boxed().toList(),
        formats,
        storedValues);
  }

  private void visit(int level, int previous, int[] coordinates) {
    if (level == traversal.length) {
      if (placed >= maxValues) {
        throw new IllegalArgumentException(
            "the sparsity metadata places more values than the " + maxValues + " stored");
      }
      if (placed == positions.length) {
        positions = Arrays.copyOf(positions, (int) Math.min(maxValues, 2L * placed));
      }
      positions[placed++] = flatIndex(coordinates);
      return;
    }
    if (formats[level] == DimensionType.DENSE) {
      for (int i = 0; i < levelSizes[level]; i++) {
        coordinates[level] = i;
        visit(level + 1, previous * levelSizes[level] + i, coordinates);
      }
      return;
    }
    int[] segment = segments[level];
    int[] index = indices[level];
    if (previous + 1 >= segment.length) {
      throw new IllegalArgumentException(
          "sparse dimension "
              + level
              + " needs array_segments["
              + (previous + 1)
              + "] but has "
              + segment.length
              + " segments");
    }
    int from = segment[previous];
    int to = segment[previous + 1];
    if (from < 0 || from > to || to > index.length) {
      throw new IllegalArgumentException(
          "sparse dimension "
              + level
              + " has a segment ["
              + from
              + ", "
              + to
              + ") outside its "
              + index.length
              + " indices");
    }
    for (int i = from; i < to; i++) {
      if (index[i] < 0 || index[i] >= levelSizes[level]) {
        throw new IllegalArgumentException(
            "sparse dimension "
                + level
                + " has index "
                + index[i]
                + " outside [0, "
                + levelSizes[level]
                + ")");
      }
      coordinates[level] = index[i];
      visit(level + 1, i, coordinates);
    }
  }

  private long flatIndex(int[] coordinates) {
    int rank = shape.length;
    long[] original = new long[rank];
    int[] inBlock = new int[blockMap.length];
    for (int level = 0; level < traversal.length; level++) {
      int d = traversal[level];
      if (d < rank) {
        original[d] = coordinates[level];
      } else {
        inBlock[d - rank] = coordinates[level];
      }
    }
    for (int block = 0; block < blockMap.length; block++) {
      int dim = blockMap[block];
      original[dim] = original[dim] * blockSizes[block] + inBlock[block];
    }
    long flat = 0;
    for (int d = 0; d < rank; d++) {
      flat = flat * shape[d] + original[d];
    }
    return flat;
  }

  private static int[] values(SparseIndexVectorUnion union, int level, String field) {
    if (union == null || union.getValue() == null) {
      throw new IllegalArgumentException("sparse dimension " + level + " has no " + field);
    }
    int[] values =
        switch (union.getType()) {
          case SparseIndexVector.Int32Vector -> union.asInt32Vector().getValues();
          case SparseIndexVector.Uint16Vector -> union.asUint16Vector().getValues();
          case SparseIndexVector.Uint8Vector -> union.asUint8Vector().getValues();
          default ->
              throw new IllegalArgumentException(
                  "sparse dimension "
                      + level
                      + " has "
                      + field
                      + " of vector type "
                      + union.getType());
        };
    return orEmpty(values);
  }

  private static int[] orEmpty(int[] values) {
    return values == null ? new int[0] : values;
  }
}
