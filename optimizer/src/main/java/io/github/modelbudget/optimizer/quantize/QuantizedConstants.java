package io.github.modelbudget.optimizer.quantize;

import io.github.modelbudget.harness.format.TensorType;
import io.github.modelbudget.optimizer.rewrite.ConstantBuffers;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.tensorflow.lite.schema.ModelT;
import org.tensorflow.lite.schema.SubGraphT;
import org.tensorflow.lite.schema.TensorT;

/** Refuses models with quantized constants, for the quantizers that start from float models. */
final class QuantizedConstants {

  static final Set<TensorType> QUANTIZED_TYPES =
      Set.of(
          TensorType.INT8, TensorType.UINT8, TensorType.INT16, TensorType.INT4, TensorType.FLOAT16);

  private QuantizedConstants() {}

  /**
   * Throws if any constant of the model is quantized or half precision.
   *
   * @param purpose the quantization in words, e.g. {@code "float16 quantization"}
   */
  static void reject(String origin, ModelT schema, String purpose) {
    Set<String> quantized = new LinkedHashSet<>();
    for (SubGraphT subgraph : schema.getSubgraphs()) {
      for (TensorT tensor :
          subgraph.getTensors() == null ? new TensorT[0] : subgraph.getTensors()) {
        if (ConstantBuffers.isConstant(schema, tensor)
            && TensorType.fromCode(tensor.getType())
                .filter(QUANTIZED_TYPES::contains)
                .isPresent()) {
          quantized.add(
              "'"
                  + tensor.getName()
                  + "' is "
                  + TensorType.fromCode(tensor.getType()).orElseThrow());
        }
      }
    }
    if (!quantized.isEmpty()) {
      throw new NotQuantizableException(
          origin,
          "expected a float model for "
              + purpose
              + " but its constants are quantized already: "
              + quantized.stream().limit(3).collect(Collectors.joining(", "))
              + (quantized.size() > 3 ? " and " + (quantized.size() - 3) + " more" : ""));
    }
  }
}
