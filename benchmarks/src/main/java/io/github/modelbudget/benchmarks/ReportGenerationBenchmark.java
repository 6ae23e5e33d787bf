package io.github.modelbudget.benchmarks;

import io.github.modelbudget.harness.results.RunRecord;
import io.github.modelbudget.harness.results.RunRecords;
import io.github.modelbudget.reports.HtmlReport;
import io.github.modelbudget.reports.MarkdownSummary;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Time to render the report of a run with {@value #VARIANTS} variants: the self-contained HTML page
 * (Pebble templates, Chart.js inlined), the Markdown summary, and, as the baseline, serialising the
 * run record itself to JSON.
 *
 * <p>What to expect: the HTML page costs most, since it inlines Chart.js (about 200 kB) and draws
 * the tables; it should still take milliseconds, negligible next to evaluating the models.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class ReportGenerationBenchmark {

  /** The number of variants in the run, the baseline included. */
  public static final int VARIANTS = 10;

  private RunRecord record;

  /** Makes and evaluates the variants once. */
  @Setup(Level.Trial)
  public void setUp() {
    record = SampleRun.record(VARIANTS, 500);
  }

  /**
   * Renders the HTML report.
   *
   * @return the page
   */
  @Benchmark
  public String html() {
    return HtmlReport.render(record, Optional.empty());
  }

  /**
   * Renders the Markdown summary.
   *
   * @return the summary
   */
  @Benchmark
  public String markdown() {
    return MarkdownSummary.render(record, Optional.empty());
  }

  /**
   * Serialises the run record: the baseline, the least a report must do.
   *
   * @return the JSON
   */
  @Benchmark
  public String runRecordJson() {
    return RunRecords.toJson(record);
  }
}
