package io.github.modelbudget.harness.eval;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a test's {@code main} class in a JVM of its own with a small heap, and reads back the {@code
 * key=value} lines it prints: how the memory tests measure a heap they do not share with the test
 * run.
 *
 * @param exitCode the child's exit code, or -1 if it did not end
 * @param printed everything it printed, standard error included
 */
record ForkedJvm(int exitCode, String printed) {

  /**
   * Starts {@code main} with {@code -Xmx<heapMb>m}, the serial collector (whose peak usage is
   * easiest to read) and {@code java.io.tmpdir} set to {@code tmp}, and waits for it.
   */
  static ForkedJvm run(Class<?> main, int heapMb, Path tmp, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx" + heapMb + "m");
    command.add("-XX:+UseSerialGC");
    command.add("-Djava.io.tmpdir=" + tmp.toAbsolutePath());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(main.getName());
    command.addAll(List.of(args));
    Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
    child.getOutputStream().close();
    String printed = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    // A guard against a hung child, not a time limit on the work.
    boolean ended = child.waitFor(10, TimeUnit.MINUTES);
    System.out.println("forked JVM (-Xmx" + heapMb + "m) printed:\n" + printed);
    return new ForkedJvm(ended ? child.exitValue() : -1, printed);
  }

  /** The printed {@code key=value} lines, each value up to its first space. */
  Map<String, String> facts() {
    Map<String, String> facts = new HashMap<>();
    for (String line : printed.split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        facts.put(line.substring(0, eq), line.substring(eq + 1).strip().split(" ")[0]);
      }
    }
    return facts;
  }

  /** In the child: the sum of every heap pool's peak, an upper bound of the heap ever in use. */
  static long peakHeapBytes() {
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    return peak;
  }
}
