package io.github.modelbudget.harness.runtime;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Setting TensorFlow's log level in this process's native environment. */
class NativeLogsTest {

  @Test
  void quietTensorFlow_variableUnset_setsItToWarningsAndAboveWhereNativeCodeReadsIt() {
    assumeTrue(
        System.getenv(NativeLogs.TF_MIN_LOG_LEVEL) == null,
        "the build's environment sets " + NativeLogs.TF_MIN_LOG_LEVEL + " itself");

    assertThat(NativeLogs.quietTensorFlow(), is(true));
    assertThat(
        NativeLogs.nativeEnvironment(NativeLogs.TF_MIN_LOG_LEVEL),
        is(Optional.of(NativeLogs.WARNINGS_AND_ABOVE)));
    // A second call keeps the value (it never overwrites) and says so.
    assertThat(NativeLogs.quietTensorFlow(), is(true));
  }

  @Test
  void nativeEnvironment_readsWhatTheProcessWasStartedWith() {
    assertThat(NativeLogs.nativeEnvironment("PATH"), is(Optional.of(System.getenv("PATH"))));
  }
}
