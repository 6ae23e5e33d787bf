package io.github.modelbudget.harness.format;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A tensor whose values are stored in the model: a weight, a bias, or a shape constant.
 *
 * @param subgraph the index of the subgraph that holds the tensor
 * @param index the tensor's index in its subgraph
 * @param name the tensor's name, empty if it has none
 * @param type the element type
 * @param shape the shape
 * @param elementCount the number of elements
 * @param elementCount the number of elements of the dense tensor (for a sparse tensor, the values
 *     it stands for, not the values stored)
 * @param nonzeroCount the number of elements whose real value is not zero (for a quantized tensor,
 *     the stored value differs from its zero point)
 * @param byteSize the size of the stored data in bytes
 * @param parameter whether the tensor counts as a parameter of the network (see {@link ModelInfo})
 * @param quantization the quantization, if the tensor is quantized
 * @param live whether an operator that contributes to a subgraph output reads the tensor
 * @param sparseStorage how the tensor is stored, if it is stored sparse
 */
public record ConstantTensorInfo(
    int subgraph,
    int index,
    String name,
    TensorType type,
    List<Integer> shape,
    long elementCount,
    long nonzeroCount,
    long byteSize,
    boolean parameter,
    Optional<QuantizationInfo> quantization,
    boolean live,
    Optional<SparseStorage> sparseStorage) {

  /** Validates and copies. */
  public ConstantTensorInfo {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    shape = List.copyOf(shape);
    Objects.requireNonNull(quantization, "quantization");
    Objects.requireNonNull(sparseStorage, "sparseStorage");
    if (nonzeroCount < 0 || nonzeroCount > elementCount) {
      throw new IllegalArgumentException(
          "nonzeroCount must be in [0, " + elementCount + "] but was " + nonzeroCount);
    }
  }

  /**
   * Describes how the values are stored.
   *
   * @return {@code dense}, or the sparse format (see {@link SparseStorage#describe()})
   */
  public String storage() {
    return sparseStorage.map(SparseStorage::describe).orElse("dense");
  }

  /**
   * Returns the fraction of elements that are zero.
   *
   * @return the sparsity in [0, 1], 0 for an empty tensor
   */
  public double sparsity() {
    return elementCount == 0 ? 0.0 : (double) (elementCount - nonzeroCount) / elementCount;
  }
}
