package io.github.modelbudget.cli;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import io.github.modelbudget.harness.runtime.NativeLogs;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

/** The native runtimes are quiet unless {@code --verbose}. */
@ResourceLock(Resources.SYSTEM_PROPERTIES)
class NativeLogLevelsTest {

  @Test
  void anyCommand_withoutVerbose_setsTensorFlowToWarningsAndAboveBeforeItRuns() {
    String before = System.getenv(NativeLogs.TF_MIN_LOG_LEVEL);

    ModelBudgetCli.commandLine(
            new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()))
        .execute("inspect", "no-such-model.tflite");

    assertThat(
        NativeLogs.nativeEnvironment(NativeLogs.TF_MIN_LOG_LEVEL),
        is(Optional.of(before == null ? "1" : before)));
  }

  @Test
  void anyCommand_withVerbose_letsTfliteLinesThroughAtDebugLevel() {
    String before = System.clearProperty(NativeLogLevels.TFLITE_LEVEL_PROPERTY);
    try {
      ModelBudgetCli.commandLine(
              new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()))
          .execute("inspect", "--verbose", "no-such-model.tflite");

      assertThat(System.getProperty(NativeLogLevels.TFLITE_LEVEL_PROPERTY), is("debug"));
    } finally {
      if (before == null) {
        System.clearProperty(NativeLogLevels.TFLITE_LEVEL_PROPERTY);
      } else {
        System.setProperty(NativeLogLevels.TFLITE_LEVEL_PROPERTY, before);
      }
    }
  }
}
