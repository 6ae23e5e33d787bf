package io.github.modelbudget.harness;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** Capturing file descriptor 2 around a call, as TFLite's error reporter writes it. */
class NativeStderrTest {

  /** A result every test here treats as a failed call. */
  private static final Predicate<Integer> FAILED = status -> false;

  private static int writeToDescriptor2(String text) {
    try {
      FileOutputStream stderr = new FileOutputStream(FileDescriptor.err);
      stderr.write(text.getBytes(StandardCharsets.UTF_8));
      stderr.flush();
      return 1;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void capture_errorAndInfoLines_keepsTheErrorsWithoutPrefix() {
    NativeStderr.Captured<Integer> captured =
        NativeStderr.capture(
            () ->
                writeToDescriptor2(
                    "INFO: Created TensorFlow Lite XNNPACK delegate for CPU.\n"
                        + "ERROR: quantized_dimension must be in range [0, 1). Was 3.\n"
                        + "ERROR: Tensor 1 has invalid quantization parameters.\n"),
            FAILED);

    assertThat(NativeStderr.available(), is(true));
    assertThat(captured.value(), is(1));
    assertThat(
        captured.errorLines(),
        contains(
            "quantized_dimension must be in range [0, 1). Was 3.",
            "Tensor 1 has invalid quantization parameters."));
  }

  @Test
  void capture_twice_eachSeesOnlyItsOwnText() {
    NativeStderr.capture(() -> writeToDescriptor2("ERROR: first\n"), FAILED);
    NativeStderr.Captured<Integer> second =
        NativeStderr.capture(() -> writeToDescriptor2("ERROR: second\n"), FAILED);

    assertThat(second.errorLines(), is(List.of("second")));
    assertThat(second.explanation(), is(": second"));
  }

  @Test
  void capture_nothingWritten_saysTheRuntimeGaveNoExplanation() {
    NativeStderr.Captured<String> quiet = NativeStderr.capture(() -> "done", done -> true);

    assertThat(quiet.value(), is("done"));
    assertThat(quiet.lines(), is(List.of()));
    assertThat(quiet.explanation(), is("; the runtime gave no explanation"));
  }

  @Test
  void log_failedCall_logsTheRuntimesLinesAndEchoesOnlyOtherText() {
    String echoed =
        NativeStderr.log(
            "INFO: Created TensorFlow Lite XNNPACK delegate for CPU.\n"
                + "ERROR: Tensor 1 has invalid quantization parameters.\n"
                + "WARNING: something the runtime warns about\n"
                + "Some other thread's line\n",
            false);

    assertThat(echoed.lines().toList(), contains("Some other thread's line"));
  }

  @Test
  void log_succeededCall_echoesNothingOfTheRuntimes() {
    String echoed =
        NativeStderr.log(
            "ERROR: unsupported scale value (0) in channel 2 for INT8 tensor 1 in XNNPACK delegate\n"
                + "INFO: Created TensorFlow Lite XNNPACK delegate for CPU.\n",
            true);

    assertThat(echoed, is(""));
  }
}
