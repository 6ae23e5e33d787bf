package io.github.modelbudget.examples;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;

import io.github.modelbudget.harness.results.RunRecord;
import io.github.modelbudget.harness.results.VariantRecord;
import io.github.modelbudget.reports.HtmlReport;
import io.github.modelbudget.reports.ReportInputs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs after the unit tests, which Surefire ran in two forks and then once more without {@code
 * clean}: every run record they left in {@code target/modelbudget} merges into one record that
 * holds each variant once, and the report is written from it ({@code modelbudget report
 * target/modelbudget/*.json}).
 */
class RunRecordsMergeIT {

  private static final Path RESULTS = Path.of("target", "modelbudget");

  @Test
  void recordsOfTwoForksAndARerun_mergeIntoEachVariantOnce(@TempDir Path out) throws IOException {
    List<Path> files;
    try (Stream<Path> listing = Files.list(RESULTS)) {
      files = listing.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList();
    }
    List<RunRecord> records = files.stream().map(ReportInputs::read).toList();
    Map<String, Long> measuredTimes =
        records.stream()
            .flatMap(r -> r.variants().stream())
            .collect(Collectors.groupingBy(VariantRecord::name, Collectors.counting()));

    RunRecord merged = ReportInputs.readAll(files);
    Path html = out.resolve("report.html");
    HtmlReport.write(merged, Optional.empty(), html);

    // Two forks and a rerun: at least four JVMs wrote records, and each variant was measured in
    // several of them.
    assertThat(files.size(), greaterThanOrEqualTo(4));
    assertThat(measuredTimes.get("quantized"), greaterThan(1L));
    assertThat(
        merged.variants().stream().map(VariantRecord::name).toList(),
        containsInAnyOrder("baseline", "quantized", "pruned", "pruned_quantized"));
    assertThat(merged.variants().get(0).name(), is("baseline"));
    Map<String, VariantRecord> byName =
        merged.variants().stream()
            .collect(Collectors.toMap(VariantRecord::name, Function.identity()));
    // The budgets of every test class, from every fork, each outcome once.
    assertThat(byName.get("quantized").budgets().size(), greaterThanOrEqualTo(3));
    assertThat(
        byName.get("quantized").budgets().stream().distinct().count(),
        is((long) byName.get("quantized").budgets().size()));
    assertThat(Files.readString(html).contains("pruned_quantized"), is(true));
  }
}
