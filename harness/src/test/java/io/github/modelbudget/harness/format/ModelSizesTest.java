package io.github.modelbudget.harness.format;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The ZIP and gzip sizes, checked against Python's own numbers.
 *
 * <p>The two models under {@code sizes/} were written once by {@code TestModels.denseSigmoid(64,
 * 7)} and {@code TestModels.convStack(28, 28, 12, 8)}. The expected values were printed on this
 * machine (Python 3.11.7, zlib 1.2.13) by:
 *
 * <pre>
 * with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
 *     zf.write(file, arcname=arc)
 * os.path.getsize(tmp)
 * len(gzip.compress(data, compresslevel=6, mtime=0))
 * </pre>
 */
class ModelSizesTest {

  @ParameterizedTest(name = "{0} as ''{1}''")
  @CsvSource({
    "dense_sigmoid.tflite, dense_sigmoid.tflite,        1104, 824",
    "dense_sigmoid.tflite, models/dense_sigmoid.tflite, 1104, 838",
    "dense_sigmoid.tflite, m.tflite,                    1104, 800",
    "dense_sigmoid.tflite, модель.tflite,               1104, 822",
    "conv_stack.tflite,    conv_stack.tflite,           10232, 8966",
    "conv_stack.tflite,    models/conv_stack.tflite,    10232, 8980",
    "conv_stack.tflite,    m.tflite,                    10232, 8948",
    "conv_stack.tflite,    модель.tflite,               10232, 8970",
  })
  void zipSize_equalsPythonZipfile(
      String file, String entryName, long rawSize, long pythonZipSize) {
    byte[] bytes = TfliteModel.fromResource("sizes/" + file).bytes();

    ModelSizes sizes = ModelSizes.of(bytes, entryName);

    assertThat(sizes.raw(), is(rawSize));
    assertThat(sizes.zip(), is(pythonZipSize));
    assertThat(sizes.zipEntryName(), is(entryName));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"dense_sigmoid.tflite, 704", "conv_stack.tflite, 8852"})
  void gzipSize_equalsPythonGzipAtLevel6(String file, long pythonGzipSize) {
    byte[] bytes = TfliteModel.fromResource("sizes/" + file).bytes();

    assertThat(ModelSizes.gzipSize(bytes), is(pythonGzipSize));
  }

  @Test
  void of_model_namesTheZipEntryAfterTheModelFile() {
    TfliteModel model = TfliteModel.fromResource("sizes/conv_stack.tflite");

    ModelSizes sizes = ModelSizes.of(model);

    assertThat(sizes.zipEntryName(), is("conv_stack.tflite"));
    assertThat(sizes.zip(), is(8966L));
    assertThat(sizes.gzip(), lessThan(sizes.raw()));
  }
}
