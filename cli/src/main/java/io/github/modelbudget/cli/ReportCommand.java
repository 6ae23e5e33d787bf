package io.github.modelbudget.cli;

import io.github.modelbudget.harness.AtomicFiles;
import io.github.modelbudget.harness.eval.LatencyStats;
import io.github.modelbudget.harness.results.RunRecord;
import io.github.modelbudget.harness.results.RunRecords;
import io.github.modelbudget.harness.results.VariantRecord;
import io.github.modelbudget.reports.HtmlReport;
import io.github.modelbudget.reports.MarkdownSummary;
import io.github.modelbudget.reports.ReportInputs;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code modelbudget report}: the HTML report and Markdown summary of run records. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    header = "Write the self-contained HTML report (and a Markdown summary) of run records.",
    description =
        "Merges the run records (Surefire forks, reruns, CI shards) into one, each variant once, and writes a single HTML file that opens offline. With --previous it marks what changed since an earlier run.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  modelbudget report target/modelbudget/run.json --html report.html",
      "  modelbudget report run-*.json --previous main-run.json \\",
      "      --html report.html --markdown summary.md",
      "  modelbudget report run.json --latency latency.json --html report.html",
      "  modelbudget report run.json --html report.html --markdown - >> \"$GITHUB_STEP_SUMMARY\""
    })
final class ReportCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "RUN.json", description = "The run records.")
  List<Path> runs;

  @Option(
      names = "--previous",
      paramLabel = "OLD.json",
      description = "An earlier run record to compare with.")
  Path previous;

  @Option(
      names = "--html",
      required = true,
      paramLabel = "FILE",
      description = "The HTML file; - for standard output.")
  Path html;

  @Option(
      names = "--markdown",
      paramLabel = "FILE",
      description =
          "Also a Markdown summary; - for standard output (e.g. into $GITHUB_STEP_SUMMARY).")
  Path markdown;

  @Option(
      names = "--latency",
      paramLabel = "JMH.json",
      description =
          "Attach single-sample latencies from a JMH JSON result (benchmarks.jar -rf json) to the"
              + " variants named by its 'variant' parameter.")
  Path latency;

  @Option(
      names = "--latency-threads",
      defaultValue = "1",
      description = "Take the JMH results of this many threads (default: ${DEFAULT-VALUE}).")
  int latencyThreads;

  @Option(
      names = "--latency-xnnpack",
      arity = "1",
      defaultValue = "true",
      paramLabel = "true|false",
      description = "Take the JMH results with XNNPACK on or off (default: ${DEFAULT-VALUE}).")
  boolean latencyXnnpack;

  @Option(
      names = "--latest",
      description =
          "Where a variant name was measured on two different models or datasets (an old record"
              + " left by a rerun without clean), keep the newest instead of failing.")
  boolean latest;

  @Mixin VerboseOption verbose;

  @Override
  public Integer call() {
    checkOutputs();
    PrintWriter out = spec.commandLine().getOut();
    RunRecord record =
        ReportInputs.readAll(
            runs, latest ? RunRecords.MergeMode.LATEST : RunRecords.MergeMode.STRICT);
    if (latency != null) {
      record = attachLatency(record, out);
    }
    Optional<RunRecord> before = Optional.ofNullable(previous).map(ReportInputs::read);
    // The report and its summary are one set: both are rendered, then both written.
    Map<Path, byte[]> files = new LinkedHashMap<>();
    List<String> printed = new ArrayList<>();
    String page = HtmlReport.render(record, before);
    if (isStandardOutput(html)) {
      printed.add(page);
    } else {
      files.put(html, page.getBytes(StandardCharsets.UTF_8));
    }
    if (markdown != null) {
      String summary = MarkdownSummary.render(record, before);
      if (isStandardOutput(markdown)) {
        printed.add(summary);
      } else {
        files.put(markdown, summary.getBytes(StandardCharsets.UTF_8));
      }
    }
    AtomicFiles.writeAll(files);
    printed.forEach(out::print);
    if (printed.isEmpty()) {
      files.keySet().forEach(file -> out.println(describe(file) + ": " + file));
    }
    out.flush();
    return ExitCode.OK;
  }

  private void checkOutputs() {
    if (isStandardOutput(html) && markdown != null && isStandardOutput(markdown)) {
      throw new ParameterException(
          spec.commandLine(),
          "--html - and --markdown - would both go to standard output; write one to a file");
    }
  }

  private String describe(Path file) {
    return file.equals(html) ? "HTML report" : "Markdown summary";
  }

  /** {@code -} is standard output, as for most command-line tools. */
  private static boolean isStandardOutput(Path file) {
    return file.toString().equals("-");
  }

  private RunRecord attachLatency(RunRecord record, PrintWriter out) {
    Map<String, LatencyStats> measured = JmhLatency.read(latency, latencyThreads, latencyXnnpack);
    List<String> attached =
        record.variants().stream().map(VariantRecord::name).filter(measured::containsKey).toList();
    if (attached.isEmpty()) {
      throw new JmhLatency.InvalidJmhResultException(
          latency
              + ": no single-sample latency for a variant of the run at threads="
              + latencyThreads
              + ", xnnpack="
              + latencyXnnpack
              + ": the run has "
              + record.variants().stream().map(VariantRecord::name).toList()
              + ", the JMH results have "
              + measured.keySet(),
          null);
    }
    out.println("Latency attached from " + latency + ": " + String.join(", ", attached));
    return record.withLatencies(measured);
  }
}
