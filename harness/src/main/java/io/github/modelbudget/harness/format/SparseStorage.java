package io.github.modelbudget.harness.format;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How a sparse constant is stored (TFLite's {@code SparsityParameters}): the order its dimensions
 * are traversed in, the dimensions split into blocks, and each traversed dimension's format.
 *
 * @param traversalOrder the order in which the (original and block) dimensions are traversed
 * @param blockMap for each block dimension, the original dimension it splits
 * @param blockSizes for each block dimension, the block's size
 * @param dimensionFormats for each traversed dimension, {@code DENSE} or {@code SPARSE_CSR}
 * @param storedValues how many values the buffer holds (nonzeros, and zeros inside dense blocks)
 */
public record SparseStorage(
    List<Integer> traversalOrder,
    List<Integer> blockMap,
    List<Integer> blockSizes,
    List<String> dimensionFormats,
    long storedValues) {

  /** Copies the lists. */
  public SparseStorage {
    traversalOrder = List.copyOf(traversalOrder);
    blockMap = List.copyOf(blockMap);
    blockSizes = List.copyOf(blockSizes);
    dimensionFormats = List.copyOf(dimensionFormats);
  }

  /**
   * Describes the storage in one line, e.g. {@code sparse (DENSE, SPARSE_CSR; 120 values stored)}
   * or {@code sparse (DENSE, SPARSE_CSR, DENSE; blocks of 4 on dim 1; 96 values stored)}.
   *
   * @return the description
   */
  public String describe() {
    StringBuilder text = new StringBuilder("sparse (").append(String.join(", ", dimensionFormats));
    if (!traversalOrder.equals(
        java.util.stream.IntStream.range(0, traversalOrder.size()).boxed().toList())) {
      text.append("; traversal ").append(traversalOrder);
    }
    if (!blockMap.isEmpty()) {
      text.append("; blocks of ")
          .append(
              java.util.stream.IntStream.range(0, blockMap.size())
                  .mapToObj(j -> blockSizes.get(j) + " on dim " + blockMap.get(j))
                  .collect(Collectors.joining(", ")));
    }
    return text.append(String.format(Locale.ROOT, "; %,d values stored)", storedValues)).toString();
  }
}
