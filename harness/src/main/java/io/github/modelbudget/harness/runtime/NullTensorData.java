package io.github.modelbudget.harness.runtime;

import org.bytedeco.javacpp.Pointer;

/** Turns a tensor the runtime left without data into a typed error naming the model and tensor. */
final class NullTensorData {

  private NullTensorData() {}

  static <P extends Pointer> P require(
      P data, String origin, String runtimeVersion, String kind, String name) {
    if (data == null || data.isNull()) {
      throw new ModelRuntimeException(
          origin
              + ": TFLite "
              + runtimeVersion
              + " gave no data for "
              + kind
              + " '"
              + name
              + "' (a null tensor pointer): the runtime accepted the graph but did not allocate"
              + " this tensor; check the model's operators and their options with"
              + " `modelbudget inspect`");
    }
    return data;
  }
}
