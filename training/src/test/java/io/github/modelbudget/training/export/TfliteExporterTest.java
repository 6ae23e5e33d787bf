package io.github.modelbudget.training.export;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

import io.github.modelbudget.harness.data.Dataset;
import io.github.modelbudget.harness.format.ConstantTensorInfo;
import io.github.modelbudget.harness.format.ModelInfo;
import io.github.modelbudget.harness.format.OperatorInfo;
import io.github.modelbudget.harness.format.Padding;
import io.github.modelbudget.harness.format.TfliteModel;
import io.github.modelbudget.training.model.Activation;
import io.github.modelbudget.training.model.SequentialModel;
import io.github.modelbudget.training.testing.Parity;
import io.github.modelbudget.training.testing.StrokeImages;
import io.github.modelbudget.training.train.TrainedModel;
import io.github.modelbudget.training.train.Trainer;
import io.github.modelbudget.training.train.TrainingConfig;
import io.github.modelbudget.training.train.TrainingListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TfliteExporterTest {

  private static final TrainingConfig CONFIG =
      TrainingConfig.defaults().withBatchSize(32).withEpochs(1).withLearningRate(0.005);

  private TrainedModel seedModel;
  private Dataset probes;

  @BeforeAll
  void trainSeedArchitecture() {
    Dataset train = StrokeImages.draw("strokes/train", 400, 2, 11);
    seedModel =
        new Trainer(CONFIG)
            .train(StrokeImages.seedArchitecture(), train, TrainingListener.NONE)
            .model();
    probes = StrokeImages.draw("strokes/probes", 300, 2, 12);
  }

  @Test
  void seedArchitecture_exported_agreesWithTensorFlowWithin1e5() {
    TfliteModel exported = TfliteExporter.export(seedModel);

    assertThat(Parity.maxAbsDifference(seedModel, exported, probes), lessThanOrEqualTo(1e-5));
  }

  @Test
  void seedArchitecture_exported_hasConverterLikeOpsSignatureAndNames() {
    ModelInfo info = TfliteExporter.export(seedModel).inspect();

    assertThat(
        info.operators().stream().map(OperatorInfo::name).toList(),
        contains(
            "RESHAPE",
            "CONV_2D",
            "MAX_POOL_2D",
            "CONV_2D",
            "MAX_POOL_2D",
            "RESHAPE",
            "FULLY_CONNECTED",
            "LOGISTIC"));
    assertThat(info.signatureKeys(), contains("serving_default"));
    assertThat(info.inputs().get(0).name(), equalTo("input"));
    assertThat(info.inputs().get(0).shapeSignature(), contains(-1, 28, 28));
    assertThat(info.outputs().get(0).name(), equalTo("output"));
    assertThat(info.outputs().get(0).shapeSignature(), contains(-1, 1));
    Map<String, List<Integer>> constants =
        info.constants().stream()
            .collect(Collectors.toMap(ConstantTensorInfo::name, ConstantTensorInfo::shape));
    assertThat(constants.get("conv2d/kernel"), contains(12, 3, 3, 1));
    assertThat(constants.get("conv2d/bias"), contains(12));
    assertThat(constants.get("conv2d_1/kernel"), contains(24, 3, 3, 12));
    assertThat(constants.get("dense/kernel"), contains(1, 600));
    assertThat(constants.get("dense/bias"), contains(1));
    assertThat(constants.get("reshape/shape"), contains(4));
    assertThat(info.parameterCount(), equalTo(12L * 9 + 12 + 24 * 9 * 12 + 24 + 600 + 1));
  }

  @Test
  void seedArchitecture_exported_keepsTensorFlowsWeightsInTfliteLayouts() {
    TfliteModel exported = TfliteExporter.export(seedModel);
    float[] hwio = seedModel.weight("conv2d_1/kernel").orElseThrow().values();
    float[] ohwi = constant(exported, "conv2d_1/kernel");
    // HWIO [3, 3, 12, 24] element (h=2, w=1, i=5, o=17) sits at OHWI [24, 3, 3, 12] (17, 2, 1, 5).
    assertThat(
        ohwi[((17 * 3 + 2) * 3 + 1) * 12 + 5], equalTo(hwio[((2 * 3 + 1) * 12 + 5) * 24 + 17]));
    float[] inOut = seedModel.weight("dense/kernel").orElseThrow().values();
    float[] outIn = constant(exported, "dense/kernel");
    assertThat(outIn[123], equalTo(inOut[123]));
  }

  @Test
  void softmaxModelWithSamePaddingStridesAveragePoolAndDropout_exported_agreesWithTensorFlow() {
    SequentialModel model =
        SequentialModel.builder("strokes3", 28, 28)
            .reshape(28, 28, 1)
            .conv2d(8, 5, 2, Padding.SAME, Activation.RELU)
            .averagePool2d(2)
            .conv2d(6, 3, 1, Padding.SAME, Activation.NONE)
            .maxPool2d(2)
            .flatten()
            .dropout(0.25)
            .dense(16, Activation.RELU)
            .dense(3, Activation.SOFTMAX)
            .build();
    Dataset train = StrokeImages.draw("strokes3/train", 300, 3, 21);
    TrainedModel trained = new Trainer(CONFIG).train(model, train, TrainingListener.NONE).model();

    TfliteModel exported = TfliteExporter.export(trained);

    assertThat(
        exported.inspect().operators().stream().map(OperatorInfo::name).toList(),
        contains(
            "RESHAPE",
            "CONV_2D",
            "AVERAGE_POOL_2D",
            "CONV_2D",
            "MAX_POOL_2D",
            "RESHAPE",
            "FULLY_CONNECTED",
            "FULLY_CONNECTED",
            "SOFTMAX"));
    assertThat(
        Parity.maxAbsDifference(trained, exported, StrokeImages.draw("p", 200, 3, 22)),
        lessThanOrEqualTo(1e-5));
  }

  @Test
  void exportTo_writesTheModelAtomically_leavesNoTemporaryFiles(@TempDir Path dir)
      throws IOException {
    Path target = dir.resolve("variants/baseline.tflite");

    TfliteModel written = TfliteExporter.exportTo(seedModel, target);

    assertThat(Files.size(target), greaterThan(0L));
    assertThat(TfliteModel.read(target).sha256(), equalTo(written.sha256()));
    try (Stream<Path> files = Files.list(target.getParent())) {
      assertThat(files.filter(p -> !p.equals(target)).map(Path::toString).toList(), empty());
    }
  }

  @Test
  void layouts_hwioToOhwiAndTranspose_moveEveryElement() {
    float[] hwio = new float[2 * 2 * 3 * 4];
    for (int i = 0; i < hwio.length; i++) {
      hwio[i] = i;
    }
    float[] ohwi = TfliteExporter.hwioToOhwi(hwio, List.of(2, 2, 3, 4));
    // (h=1, w=0, i=2, o=3): HWIO index ((1*2+0)*3+2)*4+3 = 35; OHWI index ((3*2+1)*2+0)*3+2 = 44.
    assertThat(ohwi[44], equalTo(35f));
    assertThat(
        TfliteExporter.transpose(new float[] {1, 2, 3, 4, 5, 6}, 2, 3),
        equalTo(new float[] {1, 4, 2, 5, 3, 6}));
    assertThat(sortedCopy(ohwi), equalTo(sortedCopy(hwio)));
  }

  private static List<Float> sortedCopy(float[] values) {
    return java.util.stream.IntStream.range(0, values.length)
        .mapToObj(i -> values[i])
        .sorted()
        .toList();
  }

  private static float[] constant(TfliteModel model, String name) {
    org.tensorflow.lite.schema.SubGraphT subgraph = model.schema().getSubgraphs()[0];
    for (org.tensorflow.lite.schema.TensorT tensor : subgraph.getTensors()) {
      if (tensor.getName().equals(name)) {
        int[] data = model.schema().getBuffers()[(int) tensor.getBuffer()].getData();
        java.nio.ByteBuffer bytes =
            java.nio.ByteBuffer.allocate(data.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int b : data) {
          bytes.put((byte) b);
        }
        bytes.flip();
        float[] values = new float[data.length / 4];
        bytes.asFloatBuffer().get(values);
        return values;
      }
    }
    throw new AssertionError("no tensor " + name);
  }
}
