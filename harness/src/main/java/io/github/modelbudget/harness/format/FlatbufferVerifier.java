package io.github.modelbudget.harness.format;

import io.github.modelbudget.harness.NativeStderr;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.tensorflowlite.FlatBufferModel;

/**
 * Runs TFLite's own flatbuffer verifier over a model's bytes.
 *
 * <p>The Java flatbuffers library has no verifier: reading a corrupt buffer with it can fail with
 * arbitrary exceptions or huge allocations. The native verifier checks every offset and vector
 * length against the buffer, so after it passes the schema classes can read the bytes safely.
 */
final class FlatbufferVerifier {

  private FlatbufferVerifier() {}

  static void verify(String origin, byte[] bytes) {
    try (BytePointer buffer = new BytePointer(bytes.length)) {
      buffer.put(bytes);
      // The verifier's complaint ("The model is not a valid Flatbuffer buffer") goes to the debug
      // log: the exception says the same, with the file.
      FlatBufferModel model =
          NativeStderr.capture(
                  () -> FlatBufferModel.VerifyAndBuildFromBuffer(buffer, bytes.length),
                  built -> built != null && !built.isNull())
              .value();
      if (model == null || model.isNull()) {
        throw new InvalidModelException(
            origin,
            "the TFLite flatbuffer verifier rejected the model ("
                + bytes.length
                + " bytes): it is truncated or corrupt");
      }
      model.close();
    }
  }
}
