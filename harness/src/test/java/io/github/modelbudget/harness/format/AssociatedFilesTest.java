package io.github.modelbudget.harness.format;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.modelbudget.harness.data.LabelsFile;
import io.github.modelbudget.harness.runtime.InferenceBackend;
import io.github.modelbudget.harness.runtime.LoadedModel;
import io.github.modelbudget.harness.runtime.Session;
import io.github.modelbudget.harness.testing.BrokenZips;
import io.github.modelbudget.harness.testing.ImageModels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.lite.support.metadata.schema.AssociatedFileType;

class AssociatedFilesTest {

  @TempDir Path dir;

  private static final String LABELS = "The Mona Lisa\nThe Eiffel Tower\n";

  private TfliteModel withLabels() {
    byte[] bytes =
        ImageModels.withLabels(ImageModels.topVersusBottomGraph(4), "labels.txt", LABELS);
    return TfliteModel.fromBytes("classifier", bytes);
  }

  @Test
  void outputLabels_metadataWrittenWithTheOfficialSchema_namesTheOutputsLabelsFile() {
    TfliteModel model = withLabels();

    List<AssociatedFiles.Entry> entries = AssociatedFiles.list(model);

    assertThat(entries.size(), is(1));
    assertThat(entries.get(0).name(), is("labels.txt"));
    assertThat(entries.get(0).type(), is((int) AssociatedFileType.TENSOR_AXIS_LABELS));
    assertThat(entries.get(0).typeName(), is("TENSOR_AXIS_LABELS"));
    assertThat(entries.get(0).owner(), is("subgraph 0 output 0"));
    assertThat(
        new String(
            AssociatedFiles.read(model, AssociatedFiles.outputLabels(model).orElseThrow()),
            StandardCharsets.UTF_8),
        is(LABELS));
  }

  @Test
  void ofModel_fromAFile_readsTheAppendedLabelsFile() throws Exception {
    Path file = dir.resolve("classifier.tflite");
    Files.write(file, withLabels().bytes());

    assertThat(
        LabelsFile.ofModel(TfliteModel.read(file)).orElseThrow(),
        contains("The Mona Lisa", "The Eiffel Tower"));
  }

  @Test
  void aModelWithAppendedLabels_stillRunsInTheRuntime() {
    TfliteModel model = withLabels();
    try (LoadedModel loaded = InferenceBackend.tflite().load(model);
        Session session = loaded.openSession()) {
      float[] image = new float[16];
      Arrays.fill(image, 0, 8, 1f);
      session.setInput(0, image);
      session.invoke();
      // Top half 1, bottom half 0: sigmoid(GAIN × 8).
      assertThat(
          (double) session.output(0)[0],
          org.hamcrest.Matchers.closeTo(1 / (1 + Math.exp(-32)), 1e-6));
    }
  }

  @Test
  void aModelWithoutMetadata_hasNoLabels() {
    TfliteModel model = ImageModels.topVersusBottom("plain", 4);

    assertThat(AssociatedFiles.list(model), is(List.of()));
    assertThat(LabelsFile.ofModel(model), is(Optional.empty()));
  }

  @Test
  void labelsNamedButNoArchive_isAnInvalidModelExceptionNamingTheFile() {
    byte[] bytes =
        ImageModels.topVersusBottomGraph(4)
            .metadata(AssociatedFiles.METADATA_NAME, ImageModels.labelsMetadata("labels.txt"))
            .toBytes();
    TfliteModel model = TfliteModel.fromBytes("no-archive", bytes);

    InvalidModelException e =
        assertThrows(InvalidModelException.class, () -> LabelsFile.ofModel(model));

    assertThat(
        e.getMessage(),
        allOf(containsString("no-archive"), containsString("'labels.txt'"), containsString("ZIP")));
  }

  @Test
  void appendedArchiveWithAnUndecodableEntryComment_isAnInvalidModelExceptionNamingTheModel()
      throws Exception {
    byte[] flatbuffer =
        ImageModels.topVersusBottomGraph(4)
            .metadata(AssociatedFiles.METADATA_NAME, ImageModels.labelsMetadata("labels.txt"))
            .toBytes();
    byte[] archive =
        BrokenZips.commentNotUtf8(Map.of("labels.txt", LABELS.getBytes(StandardCharsets.UTF_8)));
    Path file = dir.resolve("broken-labels.tflite");
    Files.write(file, concat(flatbuffer, archive));
    TfliteModel model = TfliteModel.read(file);

    InvalidModelException e =
        assertThrows(InvalidModelException.class, () -> LabelsFile.ofModel(model));

    assertThat(
        e.getMessage(),
        allOf(containsString("broken-labels.tflite"), containsString("not valid UTF-8")));
  }

  private static byte[] concat(byte[] first, byte[] second) {
    byte[] both = Arrays.copyOf(first, first.length + second.length);
    System.arraycopy(second, 0, both, first.length, second.length);
    return both;
  }

  @Test
  void metadataThatIsNotAModelMetadataFlatbuffer_isAnInvalidModelException() {
    byte[] bytes =
        ImageModels.topVersusBottomGraph(4)
            .metadata(AssociatedFiles.METADATA_NAME, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9})
            .toBytes();
    TfliteModel model = TfliteModel.fromBytes("garbage", bytes);

    InvalidModelException e =
        assertThrows(InvalidModelException.class, () -> AssociatedFiles.list(model));

    assertThat(e.getMessage(), containsString("ModelMetadata"));
  }
}
