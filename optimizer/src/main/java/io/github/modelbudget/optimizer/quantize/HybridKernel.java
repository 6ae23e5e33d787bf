package io.github.modelbudget.optimizer.quantize;

import java.util.Arrays;
import java.util.Optional;
import org.tensorflow.lite.schema.BuiltinOperator;

/**
 * The operators whose TFLite kernels run with float activations and int8 weights, with where their
 * weights are, their channel dimension, and the versions TFLite's op versioning gives the hybrid
 * op.
 */
enum HybridKernel {
  CONV_2D(BuiltinOperator.CONV_2D, 4, 0, 5, 2),
  DEPTHWISE_CONV_2D(BuiltinOperator.DEPTHWISE_CONV_2D, 4, 3, 6, 4),
  // Per tensor, the updated hybrid scheme sets asymmetric_quantize_inputs, which is version 9.
  FULLY_CONNECTED(BuiltinOperator.FULLY_CONNECTED, 2, 0, 12, 9);

  static final int WEIGHTS_INPUT = 1;

  private final int builtinCode;
  private final int weightsRank;
  private final int channelDimension;
  private final int perChannelVersion;
  private final int perTensorVersion;

  HybridKernel(
      int builtinCode,
      int weightsRank,
      int channelDimension,
      int perChannelVersion,
      int perTensorVersion) {
    this.builtinCode = builtinCode;
    this.weightsRank = weightsRank;
    this.channelDimension = channelDimension;
    this.perChannelVersion = perChannelVersion;
    this.perTensorVersion = perTensorVersion;
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

  boolean perChannel(QuantizationScheme scheme) {
    return this != FULLY_CONNECTED || scheme.fullyConnectedPerChannel();
  }

  int hybridVersion(boolean perChannel) {
    return perChannel ? perChannelVersion : perTensorVersion;
  }
}
