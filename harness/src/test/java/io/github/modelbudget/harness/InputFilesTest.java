package io.github.modelbudget.harness;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.modelbudget.harness.budget.BudgetFile;
import io.github.modelbudget.harness.budget.BudgetFileException;
import io.github.modelbudget.harness.data.Datasets;
import io.github.modelbudget.harness.data.InvalidDataException;
import io.github.modelbudget.harness.data.LoadOptions;
import io.github.modelbudget.harness.format.InvalidModelException;
import io.github.modelbudget.harness.format.TfliteModel;
import io.github.modelbudget.harness.results.InvalidRunRecordException;
import io.github.modelbudget.harness.results.RunRecords;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every reader refuses what is not a regular file before opening it (issue: a FIFO as a model,
 * budget or class file hung forever; a FIFO .npz was "no such file"; /dev/zero as a budget ran out
 * of memory), and speaks of I/O errors without Java class names.
 */
class InputFilesTest {

  @TempDir Path dir;

  private Path fifo(String name) throws IOException, InterruptedException {
    Path fifo = dir.resolve(name);
    Optional<Path> mkfifo = onPath("mkfifo");
    assumeTrue(mkfifo.isPresent(), "no mkfifo on the PATH to make a named pipe with");
    Process made = new ProcessBuilder(mkfifo.get().toString(), fifo.toString()).inheritIO().start();
    assertThat("mkfifo " + fifo + " exit code", made.waitFor(), is(0));
    return fifo;
  }

  private static Optional<Path> onPath(String program) {
    return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
        .filter(dir -> !dir.isEmpty())
        .map(dir -> Path.of(dir, program))
        .filter(Files::isExecutable)
        .findFirst();
  }

  @ParameterizedTest
  @ValueSource(strings = {"model.tflite", "budget.json", "test.npz", "cat.npy", "cat.ndjson"})
  void fifo_asAnyInput_isRefusedAtOnce_namingWhatItIs(String name) throws Exception {
    Path fifo = fifo(name);
    Consumer<Path> read =
        switch (name) {
          case "model.tflite" -> TfliteModel::read;
          case "budget.json" -> BudgetFile::read;
          case "test.npz" -> Datasets::load;
          default -> file -> Datasets.fromClassFiles(List.of(file), LoadOptions.defaults());
        };

    ModelBudgetException e = assertThrows(ModelBudgetException.class, () -> read.accept(fifo));

    assertThat(
        e.getMessage(),
        allOf(
            containsString(fifo.toString()),
            containsString("named pipe (FIFO)"),
            not(containsString("no such file"))));
  }

  @Test
  void fifo_asRunRecord_isRefused() throws Exception {
    Path fifo = fifo("run.json");

    InvalidRunRecordException e =
        assertThrows(InvalidRunRecordException.class, () -> RunRecords.read(fifo));

    assertThat(e.getMessage(), containsString("named pipe (FIFO)"));
  }

  @Test
  void devZero_asBudget_isACharacterDevice_notOutOfMemory() {
    Path zero = Path.of("/dev/zero");
    assumeTrue(Files.exists(zero), "no /dev/zero here");

    BudgetFileException e = assertThrows(BudgetFileException.class, () -> BudgetFile.read(zero));

    assertThat(e.getMessage(), containsString("character device"));
  }

  @Test
  void directory_asModel_saysItIsADirectory() {
    InvalidModelException e =
        assertThrows(InvalidModelException.class, () -> TfliteModel.read(dir));

    assertThat(e.getMessage(), containsString("is a directory"));
  }

  @Test
  void missingDataset_isNoSuchFile() {
    InvalidDataException e =
        assertThrows(InvalidDataException.class, () -> Datasets.load(dir.resolve("gone.npz")));

    assertThat(e.getMessage(), containsString("no such file"));
  }

  @Test
  void budgetLargerThanAnyBudget_isRefusedBeforeReading() throws IOException {
    Path big = dir.resolve("big.json");
    Files.write(big, new byte[(1 << 20) + 1]);

    BudgetFileException e = assertThrows(BudgetFileException.class, () -> BudgetFile.read(big));

    assertThat(e.getMessage(), containsString("1048577 bytes"));
  }

  @Test
  void budgetThatIsNotUtf8_saysSo_withoutAJavaClassName() throws IOException {
    Path latin1 = dir.resolve("budget.yaml");
    Files.write(
        latin1, "default: {minAccuracy: 0.9} # caf\u00e9".getBytes(StandardCharsets.ISO_8859_1));

    BudgetFileException e = assertThrows(BudgetFileException.class, () -> BudgetFile.read(latin1));

    assertThat(e.getMessage(), containsString("not valid UTF-8 text"));
    assertThat(e.getMessage(), not(containsString("Exception")));
  }

  @Test
  void strokesThatAreNotUtf8_sayWhichLine_withoutAJavaClassName() throws IOException {
    Path strokes = dir.resolve("cat.ndjson");
    Files.write(strokes, new byte[] {(byte) 0xff, (byte) 0xfe, '\n'});

    InvalidDataException e =
        assertThrows(
            InvalidDataException.class,
            () -> Datasets.fromClassFiles(List.of(strokes), LoadOptions.defaults()));

    assertThat(e.getMessage(), containsString("line 1: not valid UTF-8 text"));
    assertThat(e.getMessage(), not(containsString("Input length")));
  }

  @Test
  void regularFile_hasNoProblem() throws IOException {
    Path file = Files.writeString(dir.resolve("ok.json"), "{}");

    assertThat(InputFiles.problem(file).isPresent(), is(false));
  }
}
