package io.github.modelbudget.harness.format;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.modelbudget.harness.testing.TestModels;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files that are not valid models are rejected with a message naming the file and the problem. */
@DisplayName("reading bad model files")
class InvalidModelInputTest {

  @TempDir Path dir;

  private Path write(String name, byte[] bytes) throws IOException {
    Path file = dir.resolve(name);
    Files.write(file, bytes);
    return file;
  }

  private static byte[] validModel() {
    return TestModels.convStack(12, 12, 2, 5L).model().bytes();
  }

  @Test
  void read_missingFile_namesTheFile() {
    Path missing = dir.resolve("nowhere.tflite");

    InvalidModelException e =
        assertThrows(InvalidModelException.class, () -> TfliteModel.read(missing));

    assertThat(
        e.getMessage(), allOf(containsString(missing.toString()), containsString("no such file")));
    assertThat(e.origin(), is(missing.toString()));
  }

  @Test
  void read_emptyFile_saysItIsEmpty() throws IOException {
    Path file = write("empty.tflite", new byte[0]);

    InvalidModelException e =
        assertThrows(InvalidModelException.class, () -> TfliteModel.read(file));

    assertThat(
        e.getMessage(),
        allOf(containsString(file.toString()), containsString("the file is empty")));
  }

  @Test
  void read_tinyFile_saysHowManyBytesItFound() throws IOException {
    Path file = write("tiny.tflite", new byte[] {1, 2, 3});

    InvalidModelException e =
        assertThrows(InvalidModelException.class, () -> TfliteModel.read(file));

    assertThat(e.getMessage(), allOf(containsString(file.toString()), containsString("found 3")));
  }

  @Test
  void read_truncatedModel_isRejectedByTheVerifier() throws IOException {
    byte[] valid = validModel();
    Path file = write("truncated.tflite", Arrays.copyOf(valid, valid.length / 2));

    InvalidModelException e =
        assertThrows(InvalidModelException.class, () -> TfliteModel.read(file));

    assertThat(
        e.getMessage(),
        allOf(
            containsString(file.toString()),
            containsString("verifier rejected"),
            containsString("truncated or corrupt")));
  }

  @Test
  void read_randomBytes_areNotAModel() throws IOException {
    byte[] random = new byte[4096];
    new SplittableRandom(99L).nextBytes(random);
    Path file = write("random.tflite", random);

    InvalidModelException e =
        assertThrows(InvalidModelException.class, () -> TfliteModel.read(file));

    assertThat(
        e.getMessage(),
        allOf(
            containsString(file.toString()),
            containsString("expected the TFLite file identifier 'TFL3'")));
  }

  @Test
  void read_randomBytesWithTheRightIdentifier_areRejectedByTheVerifier() throws IOException {
    SplittableRandom random = new SplittableRandom(7L);
    for (int trial = 0; trial < 50; trial++) {
      byte[] bytes = new byte[64 + random.nextInt(2048)];
      random.nextBytes(bytes);
      System.arraycopy("TFL3".getBytes(StandardCharsets.US_ASCII), 0, bytes, 4, 4);
      Path file = write("forged" + trial + ".tflite", bytes);

      assertThrows(InvalidModelException.class, () -> TfliteModel.read(file), "trial " + trial);
    }
  }

  @Test
  void read_png_isRecognisedAsAnImage() throws IOException {
    byte[] png = {
      (byte) 0x89,
      'P',
      'N',
      'G',
      '\r',
      '\n',
      0x1a,
      '\n',
      0,
      0,
      0,
      13,
      'I',
      'H',
      'D',
      'R',
      0,
      0,
      0,
      1,
      0,
      0,
      0,
      1,
      8,
      0
    };
    Path file = write("picture.tflite", png);

    InvalidModelException e =
        assertThrows(InvalidModelException.class, () -> TfliteModel.read(file));

    assertThat(e.getMessage(), allOf(containsString(file.toString()), containsString("PNG image")));
  }

  @Test
  void read_flatbufferWithAnotherIdentifier_namesTheIdentifierFound() throws IOException {
    byte[] bytes = validModel();
    System.arraycopy("TFL2".getBytes(StandardCharsets.US_ASCII), 0, bytes, 4, 4);
    Path file = write("other.tflite", bytes);

    InvalidModelException e =
        assertThrows(InvalidModelException.class, () -> TfliteModel.read(file));

    assertThat(
        e.getMessage(),
        allOf(
            containsString(file.toString()),
            containsString("found 'TFL2'"),
            containsString("not a .tflite model")));
  }

  @Test
  void fromResource_missingResource_namesIt() {
    InvalidModelException e =
        assertThrows(
            InvalidModelException.class, () -> TfliteModel.fromResource("models/absent.tflite"));

    assertThat(e.getMessage(), containsString("classpath:models/absent.tflite"));
  }

  @Test
  void read_validModelAfterBadOnes_stillWorks() throws IOException {
    Path file = write("good.tflite", validModel());

    TfliteModel model = TfliteModel.read(file);

    assertThat(model.name(), is("good"));
    assertThat(model.path().orElseThrow(), is(file));
    assertThat(model.sha256().length(), is(64));
  }
}
