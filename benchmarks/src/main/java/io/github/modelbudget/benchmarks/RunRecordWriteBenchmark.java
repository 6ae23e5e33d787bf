package io.github.modelbudget.benchmarks;

import io.github.modelbudget.harness.results.RunRecord;
import io.github.modelbudget.harness.results.RunRecords;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Time to write a run record of {@value ReportGenerationBenchmark#VARIANTS} variants atomically
 * ({@link RunRecords#write}: JSON into a temporary file in the same folder, then a move), with
 * serialising it in memory as the baseline.
 *
 * <p>What to expect: the file system's create, write and rename add tens of microseconds to the
 * serialisation; both stay far below a millisecond, so tests can write a record for every run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class RunRecordWriteBenchmark {

  private RunRecord record;
  private Path directory;
  private Path target;

  /** Makes the record and a scratch folder. */
  @Setup(Level.Trial)
  public void setUp() throws IOException {
    record = SampleRun.record(ReportGenerationBenchmark.VARIANTS, 500);
    directory = Files.createTempDirectory("modelbudget-bench");
    target = directory.resolve("run.json");
  }

  /** Deletes the scratch folder. */
  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    try (Stream<Path> files = Files.walk(directory)) {
      files.sorted(Comparator.reverseOrder()).forEach(RunRecordWriteBenchmark::delete);
    }
  }

  /**
   * Writes the record atomically, replacing the previous one.
   *
   * @return the file's size
   */
  @Benchmark
  public long write() throws IOException {
    RunRecords.write(record, target);
    return Files.size(target);
  }

  /**
   * Serialises the record in memory: the baseline.
   *
   * @return the JSON
   */
  @Benchmark
  public String serialise() {
    return RunRecords.toJson(record);
  }

  private static void delete(Path path) {
    try {
      Files.delete(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
