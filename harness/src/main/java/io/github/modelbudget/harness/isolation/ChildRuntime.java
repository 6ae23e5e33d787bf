package io.github.modelbudget.harness.isolation;

import io.github.modelbudget.harness.runtime.ModelRuntimeException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One child JVM and its channel. Calls are serialised: the child answers one request at a time.
 * Once the child has died every call throws the same {@link NativeCrashException}.
 */
final class ChildRuntime implements AutoCloseable {

  /** Reads one reply; runs with the channel's lock held. */
  interface Reply<T> {
    T read(DataInputStream in) throws IOException;
  }

  /** Writes one request's arguments. */
  interface Request {
    void write(DataOutputStream out) throws IOException;
  }

  private static final int STDERR_LINES = 20;

  private final String model;
  private final String origin;
  private final Process process;
  private final DataInputStream in;
  private final DataOutputStream out;
  private final Deque<String> stderrTail = new ArrayDeque<>();
  private final Thread stderrPump;
  private NativeCrashException death;
  private boolean closed;

  private ChildRuntime(String model, String origin, Process process) {
    this.model = model;
    this.origin = origin;
    this.process = process;
    this.in = new DataInputStream(new BufferedInputStream(process.getInputStream(), 1 << 16));
    this.out = new DataOutputStream(new BufferedOutputStream(process.getOutputStream(), 1 << 16));
    this.stderrPump = new Thread(this::pumpStderr, "modelbudget-isolated-stderr-" + model);
    stderrPump.setDaemon(true);
    stderrPump.start();
  }

  /**
   * Starts a child for a model.
   *
   * @param model the model's name, which the child knows it by
   * @param origin where the model came from (its file), which the parent's messages name
   * @param options how to start the JVM
   */
  static ChildRuntime start(String model, String origin, IsolationOptions options) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(options.jvmArgs());
    // A crash report goes to a known folder, not into the caller's working directory.
    command.add("-XX:ErrorFile=" + crashReportDir().resolve("modelbudget-hs_err_pid%p.log"));
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(options.serverMainClass());
    try {
      return new ChildRuntime(model, origin, new ProcessBuilder(command).start());
    } catch (IOException e) {
      throw new ModelRuntimeException(
          origin + ": cannot start the isolated runtime's JVM: " + e.getMessage());
    }
  }

  /**
   * The folder of a crashing child's report: see {@link IsolatedBackend#CRASH_REPORT_DIR_PROPERTY}.
   */
  static Path crashReportDir() {
    String dir = System.getProperty(IsolatedBackend.CRASH_REPORT_DIR_PROPERTY, "");
    return Path.of(dir.isBlank() ? System.getProperty("java.io.tmpdir") : dir).toAbsolutePath();
  }

  synchronized <T> T call(String step, byte op, Request request, Reply<T> reply) {
    if (death != null) {
      throw death;
    }
    if (closed) {
      throw new IllegalStateException("model '" + model + "': the isolated runtime is closed");
    }
    try {
      out.writeByte(op);
      request.write(out);
      out.flush();
      byte status = in.readByte();
      if (status == Protocol.ERROR) {
        throw Protocol.readError(in, model, origin);
      }
      if (status != Protocol.OK) {
        // Something other than the protocol reached the channel, e.g. a dying JVM's report.
        throw new IOException("unexpected status byte " + status + " from the isolated runtime");
      }
      return reply.read(in);
    } catch (IOException e) {
      death = died(step);
      throw death;
    }
  }

  private NativeCrashException died(String step) {
    int exitCode;
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
      exitCode = process.waitFor();
      stderrPump.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      exitCode = -1;
    }
    String tail;
    synchronized (stderrTail) {
      tail = String.join("\n", stderrTail);
    }
    Path report = crashReportDir().resolve("modelbudget-hs_err_pid" + process.pid() + ".log");
    return new NativeCrashException(
        model,
        step,
        exitCode,
        tail,
        Files.isRegularFile(report) ? Optional.of(report) : Optional.empty());
  }

  private void pumpStderr() {
    try (InputStream err = process.getErrorStream()) {
      var reader =
          new java.io.BufferedReader(new java.io.InputStreamReader(err, StandardCharsets.UTF_8));
      String line;
      while ((line = reader.readLine()) != null) {
        synchronized (stderrTail) {
          if (stderrTail.size() == STDERR_LINES) {
            stderrTail.removeFirst();
          }
          stderrTail.addLast(line);
        }
      }
    } catch (IOException childGone) {
      // the child's standard error closed with it: nothing more to keep
    }
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (death == null) {
      try {
        out.writeByte(Protocol.SHUTDOWN);
        out.flush();
        in.readByte();
      } catch (IOException alreadyGone) {
        // the child is gone either way
      }
    }
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
