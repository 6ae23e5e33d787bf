package io.github.modelbudget.optimizer.quantize;

import java.util.Arrays;
import java.util.Optional;
import org.tensorflow.lite.schema.BuiltinOperator;

/**
 * The operators whose TFLite kernels can run with float activations and int8 weights, with the rank
 * and channel dimension of their weights. Which of them a converter generation treats as hybrid,
 * and with which versions, is {@link QuantizationScheme}'s business.
 */
enum HybridKernel {
  CONV_2D(BuiltinOperator.CONV_2D, 4, 0),
  DEPTHWISE_CONV_2D(BuiltinOperator.DEPTHWISE_CONV_2D, 4, 3),
  FULLY_CONNECTED(BuiltinOperator.FULLY_CONNECTED, 2, 0);

  static final int WEIGHTS_INPUT = 1;

  private final int builtinCode;
  private final int weightsRank;
  private final int channelDimension;

  HybridKernel(int builtinCode, int weightsRank, int channelDimension) {
    this.builtinCode = builtinCode;
    this.weightsRank = weightsRank;
    this.channelDimension = channelDimension;
  }

  static Optional<HybridKernel> of(int builtinCode) {
    return Arrays.stream(values()).filter(k -> k.builtinCode == builtinCode).findFirst();
  }

  int builtinCode() {
    return builtinCode;
  }

  int weightsRank() {
    return weightsRank;
  }

  int channelDimension() {
    return channelDimension;
  }
}
