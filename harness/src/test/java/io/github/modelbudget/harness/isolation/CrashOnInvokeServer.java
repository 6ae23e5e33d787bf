package io.github.modelbudget.harness.isolation;

import java.io.IOException;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;

/**
 * TEST-ONLY native crash trigger. A child main that serves the isolation protocol exactly as {@link
 * IsolatedSessionServer} does, except that invoking a model named {@value #CRASHING_MODEL} first
 * writes through a wild native pointer, so the child dies of a real SIGSEGV in native code (the JVM
 * then aborts with an hs_err report). It exists because no model was found that passes verification
 * and still crashes a TFLite 2.21 kernel; production children never run it.
 */
final class CrashOnInvokeServer {

  /** The model name that makes the child crash on invoke. */
  static final String CRASHING_MODEL = "test-only-crash-on-invoke";

  private CrashOnInvokeServer() {}

  /**
   * Serves the protocol with the crash trigger armed.
   *
   * @param args ignored
   * @throws IOException if the channel to the parent breaks
   */
  public static void main(String[] args) throws IOException {
    IsolatedSessionServer.serveStandardStreams(
        model -> {
          if (model.name().equals(CRASHING_MODEL)) {
            Pointer.memset(new WildPointer(), 0x7f, 64);
          }
        });
  }

  /** A pointer to an address no process maps (the first page is never mapped on Linux). */
  private static final class WildPointer extends BytePointer {
    WildPointer() {
      address = 16;
      limit = 64;
      capacity = 64;
    }
  }
}
