package io.github.modelbudget.harness.format;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.modelbudget.harness.runtime.InferenceBackend;
import io.github.modelbudget.harness.runtime.LoadedModel;
import io.github.modelbudget.harness.runtime.Session;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.tensorflow.lite.schema.DimensionMetadataT;
import org.tensorflow.lite.schema.DimensionType;
import org.tensorflow.lite.schema.ModelT;
import org.tensorflow.lite.schema.SparseIndexVector;
import org.tensorflow.lite.schema.SparseIndexVectorUnion;
import org.tensorflow.lite.schema.SparsityParametersT;
import org.tensorflow.lite.schema.TensorT;
import org.tensorflow.lite.schema.Uint8VectorT;

/** Sparse constants (TFLite {@code sparsity} parameters feeding a {@code DENSIFY}). */
class SparseTensorTest {

  private static final int ROWS = 8;
  private static final int COLUMNS = 25;

  /** A pruned dense layer's kernel: about 68% zeros at random places, fixed seed. */
  private static float[] prunedKernel() {
    SplittableRandom random = new SplittableRandom(68L);
    float[] kernel = new float[ROWS * COLUMNS];
    for (int i = 0; i < kernel.length; i++) {
      kernel[i] = random.nextDouble() < 0.68 ? 0f : (float) random.nextGaussian();
    }
    return kernel;
  }

  /** As the converter writes a sparse dense layer: sparse kernel → DENSIFY → FULLY_CONNECTED. */
  private static TfliteModel sparseDense(float[] kernel, float[] bias) {
    TfliteModelBuilder b = new TfliteModelBuilder();
    TensorRef x = b.input("x", TensorType.FLOAT32, -1, COLUMNS);
    TensorRef sparse = b.sparseConstant("dense/kernel", kernel, ROWS, COLUMNS);
    TensorRef dense = b.tensor("dense/kernel/densified", TensorType.FLOAT32, ROWS, COLUMNS);
    TensorRef biasRef = b.constant("dense/bias", bias, ROWS);
    TensorRef y = b.tensor("y", TensorType.FLOAT32, -1, ROWS);
    b.densify(sparse, dense).fullyConnected(x, dense, biasRef, y, Activation.NONE).output(y);
    return b.build("sparse_dense");
  }

  @Test
  void inspect_csrSparseKernel_countsZerosThroughTheMetadataAndShowsTheFormat() {
    float[] kernel = prunedKernel();
    long nonzero = 0;
    for (float w : kernel) {
      if (w != 0f) {
        nonzero++;
      }
    }
    float[] bias = {0.1f, 0, 0.2f, 0, 0.3f, 0, 0.4f, 0.5f};

    ModelInfo info = sparseDense(kernel, bias).inspect();

    ConstantTensorInfo weights =
        info.constants().stream()
            .filter(c -> c.name().equals("dense/kernel"))
            .findFirst()
            .orElseThrow();
    assertThat(weights.elementCount(), is((long) ROWS * COLUMNS));
    assertThat(weights.nonzeroCount(), is(nonzero));
    assertThat("only the nonzeros are stored", weights.byteSize(), is(4 * nonzero));
    assertThat(weights.sparsity(), closeTo(1 - nonzero / 200.0, 1e-12));
    assertThat(weights.sparsity(), closeTo(0.68, 0.08));
    SparseStorage storage = weights.sparseStorage().orElseThrow();
    assertThat(storage.dimensionFormats(), contains("DENSE", "SPARSE_CSR"));
    assertThat(storage.traversalOrder(), contains(0, 1));
    assertThat(storage.storedValues(), is(nonzero));
    assertThat(
        weights.storage(),
        allOf(containsString("sparse (DENSE, SPARSE_CSR"), containsString(nonzero + " values")));
    assertThat(info.parameterCount(), is(200L + 8L));
    assertThat(info.nonzeroParameterCount(), is(nonzero + 5L));
    assertThat(
        info.operators().stream().map(OperatorInfo::name).toList(),
        contains("DENSIFY", "FULLY_CONNECTED"));
  }

  @Test
  void runtime_densifiesTheBuiltSparseKernelToTheDenseValues() {
    // The same bytes the inspection reads run in TFLite: the metadata means what we count.
    float[] kernel = prunedKernel();
    float[] bias = new float[ROWS];
    float[] x = new float[COLUMNS];
    for (int i = 0; i < COLUMNS; i++) {
      x[i] = (i % 7) - 3f;
    }
    try (LoadedModel loaded = InferenceBackend.tflite().load(sparseDense(kernel, bias));
        Session session = loaded.openSession()) {
      session.setInput(0, x);
      session.invoke();
      float[] y = session.output(0);
      for (int r = 0; r < ROWS; r++) {
        double expected = 0;
        for (int c = 0; c < COLUMNS; c++) {
          expected += kernel[r * COLUMNS + c] * x[c];
        }
        assertThat("row " + r, (double) y[r], closeTo(expected, 1e-4));
      }
    }
  }

  @Test
  void densePositions_blockSparse_placesEachBlockValue() {
    // [2, 4] in blocks of 2 along dim 1: rows DENSE, block columns CSR, inside a block DENSE.
    // Row 0 keeps block 1 (columns 2-3); row 1 keeps block 0 (columns 0-1).
    SparsityParametersT sparsity = new SparsityParametersT();
    sparsity.setTraversalOrder(new int[] {0, 1, 2});
    sparsity.setBlockMap(new int[] {1});
    sparsity.setDimMetadata(
        new DimensionMetadataT[] {dense(2), csr(new int[] {0, 1, 2}, new int[] {1, 0}), dense(2)});

    long[] positions = SparseLayout.densePositions(new int[] {2, 4}, sparsity, 4);
    SparseStorage storage = SparseLayout.storage(new int[] {2, 4}, sparsity, 4);

    assertThat(java.util.Arrays.stream(positions).boxed().toList(), contains(2L, 3L, 4L, 5L));
    assertThat(storage.blockSizes(), contains(2));
    assertThat(storage.describe(), containsString("blocks of 2 on dim 1"));
  }

  @Test
  void inspect_sparseIndexOutOfRange_namesTheTensorAndTheIndex() {
    ModelT schema = sparseDense(prunedKernel(), new float[ROWS]).schema();
    TensorT weights = schema.getSubgraphs()[0].getTensors()[1];
    DimensionMetadataT columns = weights.getSparsity().getDimMetadata()[1];
    int[] indices = columns.getArrayIndices().asUint8Vector().getValues();
    indices[0] = COLUMNS + 3;
    TfliteModel broken = TfliteModel.fromBytes("bad_sparse", schema.serializeToBinary());

    InvalidModelException e = assertThrows(InvalidModelException.class, broken::inspect);

    assertThat(
        e.getMessage(),
        allOf(
            containsString("bad_sparse"),
            containsString("dense/kernel"),
            containsString("index " + (COLUMNS + 3) + " outside [0, " + COLUMNS + ")")));
  }

  private static DimensionMetadataT dense(int size) {
    DimensionMetadataT dim = new DimensionMetadataT();
    dim.setFormat(DimensionType.DENSE);
    dim.setDenseSize(size);
    return dim;
  }

  private static DimensionMetadataT csr(int[] segments, int[] indices) {
    DimensionMetadataT dim = new DimensionMetadataT();
    dim.setFormat(DimensionType.SPARSE_CSR);
    dim.setArraySegments(uint8(segments));
    dim.setArrayIndices(uint8(indices));
    return dim;
  }

  private static SparseIndexVectorUnion uint8(int[] values) {
    Uint8VectorT vector = new Uint8VectorT();
    vector.setValues(values);
    SparseIndexVectorUnion union = new SparseIndexVectorUnion();
    union.setType(SparseIndexVector.Uint8Vector);
    union.setValue(vector);
    return union;
  }
}
