package io.github.modelbudget.harness.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.modelbudget.harness.ModelBudgetException;
import io.github.modelbudget.harness.budget.BudgetFile;
import io.github.modelbudget.harness.data.IdxReader;
import io.github.modelbudget.harness.data.NpyLimits;
import io.github.modelbudget.harness.data.NpyReader;
import io.github.modelbudget.harness.data.NpzReader;
import io.github.modelbudget.harness.data.QuickDrawStrokeReader;
import io.github.modelbudget.harness.data.StrokeRenderer;
import io.github.modelbudget.harness.format.TfliteModel;
import io.github.modelbudget.harness.results.RunRecords;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Coverage-guided fuzz targets for every reader of untrusted input.
 *
 * <p>The contract each target checks: an input is accepted, or rejected with a {@link
 * ModelBudgetException} — any other exception or error (index out of bounds, negative array size,
 * out of memory, a hang) is a finding. In {@code mvn verify} the targets replay their seed corpus
 * under {@code src/test/resources/io/github/modelbudget/harness/fuzz/ReaderFuzzTestInputs/}; with
 * {@code JAZZER_FUZZ=1} one target at a time fuzzes for its {@code maxDuration}.
 */
class ReaderFuzzTest {

  /** Small limits, so the fuzzer reaches the limit checks without allocating gigabytes. */
  private static final NpyLimits LIMITS = new NpyLimits(4_096, 1_000_000);

  private static final int MAX_DRAWINGS = 64;

  private static Path directory;

  @BeforeAll
  static void createDirectory() throws IOException {
    directory = Files.createTempDirectory("modelbudget-fuzz");
  }

  @AfterAll
  static void deleteDirectory() throws IOException {
    try (var files = Files.list(directory)) {
      for (Path file : files.toList()) {
        Files.deleteIfExists(file);
      }
    }
    Files.deleteIfExists(directory);
  }

  @FuzzTest(maxDuration = "20s")
  void tfliteModel_readAndInspect_acceptsOrRejectsTyped(byte[] bytes) {
    try {
      TfliteModel model = TfliteModel.fromBytes("fuzzed", bytes);
      model.inspect();
    } catch (ModelBudgetException expected) {
      // rejected with the project's typed exception: the contract holds
    }
  }

  @FuzzTest(maxDuration = "20s")
  void npy_read_acceptsOrRejectsTyped(byte[] bytes) throws IOException {
    try {
      new NpyReader(LIMITS).read(new ByteArrayInputStream(bytes), "fuzzed.npy", Integer.MAX_VALUE);
    } catch (ModelBudgetException expected) {
      // rejected with the project's typed exception: the contract holds
    }
  }

  @FuzzTest(maxDuration = "20s")
  void npz_readEveryKey_acceptsOrRejectsTyped(byte[] bytes) {
    Path file = write("fuzzed.npz", bytes);
    try {
      NpzReader reader = new NpzReader(LIMITS);
      for (String key : reader.keys(file)) {
        reader.read(file, key);
      }
    } catch (ModelBudgetException expected) {
      // rejected with the project's typed exception: the contract holds
    }
  }

  @FuzzTest(maxDuration = "20s")
  void idx_read_acceptsOrRejectsTyped(byte[] bytes) {
    Path file = write("fuzzed.idx", bytes);
    try {
      new IdxReader(LIMITS).read(file);
    } catch (ModelBudgetException expected) {
      // rejected with the project's typed exception: the contract holds
    }
  }

  @FuzzTest(maxDuration = "20s")
  void strokes_readAndRender_acceptsOrRejectsTyped(byte[] bytes) {
    Path file = write("fuzzed.ndjson", bytes);
    try {
      QuickDrawStrokeReader.render(file, MAX_DRAWINGS, StrokeRenderer.quickDrawBitmaps());
    } catch (ModelBudgetException expected) {
      // rejected with the project's typed exception: the contract holds
    }
  }

  @FuzzTest(maxDuration = "20s")
  void budgetJson_parse_acceptsOrRejectsTyped(byte[] bytes) {
    try {
      BudgetFile.parseJson("fuzzed.json", new String(bytes, StandardCharsets.UTF_8));
    } catch (ModelBudgetException expected) {
      // rejected with the project's typed exception: the contract holds
    }
  }

  @FuzzTest(maxDuration = "20s")
  void budgetYaml_parse_acceptsOrRejectsTyped(byte[] bytes) {
    try {
      BudgetFile.parseYaml("fuzzed.yaml", new String(bytes, StandardCharsets.UTF_8));
    } catch (ModelBudgetException expected) {
      // rejected with the project's typed exception: the contract holds
    }
  }

  @FuzzTest(maxDuration = "20s")
  void runRecord_fromJson_acceptsOrRejectsTyped(byte[] bytes) {
    try {
      RunRecords.fromJson("fuzzed.json", new String(bytes, StandardCharsets.UTF_8));
    } catch (ModelBudgetException expected) {
      // rejected with the project's typed exception: the contract holds
    }
  }

  private static Path write(String name, byte[] bytes) {
    try {
      return Files.write(directory.resolve(name), bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
