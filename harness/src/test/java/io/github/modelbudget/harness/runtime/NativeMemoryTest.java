package io.github.modelbudget.harness.runtime;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.lessThan;

import io.github.modelbudget.harness.testing.TestModels;
import java.lang.management.ManagementFactory;
import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opening and closing sessions and models thousands of times does not grow native memory.
 *
 * <p>Measured as the process's resident set ({@link Pointer#physicalBytes()}, which includes the
 * interpreters TFLite allocates with {@code new}) less the JVM's non-heap memory, and as JavaCPP's
 * count of the native buffers it allocated ({@link Pointer#totalBytes()}). An interpreter for this
 * model holds tens of kilobytes, so leaking one per cycle would add well over 64 MB over the
 * measured cycles.
 */
class NativeMemoryTest {

  private static final Logger LOG = LoggerFactory.getLogger(NativeMemoryTest.class);
  private static final int WARM_UP_CYCLES = 1_000;
  private static final int MEASURED_CYCLES = 3_000;
  private static final long ALLOWED_GROWTH = 24L << 20;

  private final TestModels.ConvStack m = TestModels.convStack(28, 28, 6, 1L);
  private final float[] image = new float[28 * 28];

  @Test
  void sessionCreateInvokeClose_thousandsOfTimes_doesNotGrowNativeMemory() {
    try (LoadedModel loaded = InferenceBackend.tflite().load(m.model())) {
      cycleSessions(loaded, WARM_UP_CYCLES);
      long rssBefore = settledPhysicalBytes();
      long trackedBefore = Pointer.totalBytes();

      cycleSessions(loaded, MEASURED_CYCLES);

      long rssGrowth = settledPhysicalBytes() - rssBefore;
      long trackedGrowth = Pointer.totalBytes() - trackedBefore;
      LOG.info(
          "{} session cycles: resident set grew {} bytes, JavaCPP-tracked bytes grew {}",
          MEASURED_CYCLES,
          rssGrowth,
          trackedGrowth);
      assertThat(rssGrowth, lessThan(ALLOWED_GROWTH));
      assertThat(trackedGrowth, lessThan(1L << 20));
    }
  }

  @Test
  void modelLoadClose_thousandsOfTimes_doesNotGrowNativeMemory() {
    cycleModels(WARM_UP_CYCLES);
    long rssBefore = settledPhysicalBytes();
    long trackedBefore = Pointer.totalBytes();

    cycleModels(MEASURED_CYCLES);

    long rssGrowth = settledPhysicalBytes() - rssBefore;
    long trackedGrowth = Pointer.totalBytes() - trackedBefore;
    LOG.info(
        "{} model cycles: resident set grew {} bytes, JavaCPP-tracked bytes grew {}",
        MEASURED_CYCLES,
        rssGrowth,
        trackedGrowth);
    assertThat(rssGrowth, lessThan(ALLOWED_GROWTH));
    assertThat(trackedGrowth, lessThan(1L << 20));
  }

  private void cycleSessions(LoadedModel loaded, int cycles) {
    for (int i = 0; i < cycles; i++) {
      try (Session session = loaded.openSession()) {
        session.setInput(0, image);
        session.invoke();
      }
    }
  }

  private void cycleModels(int cycles) {
    for (int i = 0; i < cycles; i++) {
      try (LoadedModel loaded = InferenceBackend.tflite().load(m.model());
          Session session = loaded.openSession()) {
        session.setInput(0, image);
        session.invoke();
      }
    }
  }

  /**
   * Returns the resident set less the JVM's own non-heap memory (JIT code, metaspace), which keeps
   * growing while the JIT compiles the loop. The heap is fixed and pre-touched (see the POM).
   */
  private static long settledPhysicalBytes() {
    System.gc();
    long jvmNonHeap = ManagementFactory.getMemoryMXBean().getNonHeapMemoryUsage().getCommitted();
    return Pointer.physicalBytes() - jvmNonHeap;
  }
}
