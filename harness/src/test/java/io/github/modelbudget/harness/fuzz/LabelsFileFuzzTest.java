package io.github.modelbudget.harness.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.modelbudget.harness.ModelBudgetException;
import io.github.modelbudget.harness.data.LabelsFile;
import io.github.modelbudget.harness.format.AssociatedFiles;
import io.github.modelbudget.harness.format.TfliteModel;
import io.github.modelbudget.harness.testing.ImageModels;

/**
 * Fuzzes the labels readers: a labels file's bytes, and the same bytes as a model's {@code
 * TFLITE_METADATA} buffer (a {@code ModelMetadata} flatbuffer read without a verifier).
 *
 * <p>Contract: the input is accepted, or rejected with a {@link ModelBudgetException}; any other
 * exception or error is a finding. {@code mvn verify} replays the seed corpus in {@code
 * LabelsFileFuzzTestInputs/}; {@code JAZZER_FUZZ=1} fuzzes for {@link FuzzFiles#DURATION}.
 */
class LabelsFileFuzzTest {

  @FuzzTest(maxDuration = FuzzFiles.DURATION)
  void labels_parseAndMetadata_acceptOrRejectTyped(byte[] bytes) {
    try {
      LabelsFile.parse("fuzzed labels", bytes);
    } catch (ModelBudgetException expected) {
      // rejected with the project's typed exception: the contract holds
    }
    if (bytes.length == 0) {
      return;
    }
    try {
      TfliteModel model =
          TfliteModel.fromBytes(
              "fuzzed",
              ImageModels.topVersusBottomGraph(2)
                  .metadata(AssociatedFiles.METADATA_NAME, bytes)
                  .toBytes());
      LabelsFile.ofModel(model);
    } catch (ModelBudgetException expected) {
      // rejected with the project's typed exception: the contract holds
    }
  }
}
