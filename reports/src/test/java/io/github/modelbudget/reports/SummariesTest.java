package io.github.modelbudget.reports;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.modelbudget.harness.results.RunRecord;
import io.github.modelbudget.harness.results.VariantRecord;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Markdown and JSON summaries carry the verdict and the comparison table. */
class SummariesTest {

  private static RunRecord run;

  @BeforeAll
  static void evaluate() {
    run = RunFixtures.realRun();
  }

  @Test
  void markdown_verdictThenOneTableRowPerVariant() {
    String md = MarkdownSummary.render(run, Optional.empty());
    List<String> lines = md.lines().toList();

    assertThat(lines.get(0), is("## ModelBudget: ❌ 1 violation, 1 warning"));
    List<String> rows = lines.stream().filter(l -> l.startsWith("| ")).toList();
    assertThat(rows.size(), is(1 + run.variants().size()));
    assertThat(rows.get(1), startsWith("| baseline | "));
    VariantRecord pruned = run.variant("pruned").orElseThrow();
    assertThat(rows.get(2), startsWith("| pruned | "));
    assertThat(rows.get(2), containsString(String.format("%,d", pruned.sizes().zip())));
    assertThat(rows.get(2), containsString("❌ violated"));
    assertThat(md, containsString("### Violations"));
    assertThat(
        md,
        containsString(
            "- **pruned** error: "
                + MarkdownSummary.prose(pruned.budgets().get(0).violations().get(0).message())));
    // ModelBudget's own sentences read in a terminal too: no HTML entities.
    assertThat(md, containsString("> 100 B budget"));
    assertThat(md, not(containsString("&gt;")));
    assertThat(md, containsString("1 evaluator thread (1 per interpreter)"));
    long separators = rows.get(0).chars().filter(c -> c == '|').count();
    rows.forEach(r -> assertThat(r, r.chars().filter(c -> c == '|').count(), is(separators)));
  }

  @Test
  void json_verdictAndVariantNumbers() throws IOException {
    JsonNode json = new ObjectMapper().readTree(JsonSummary.render(run, Optional.empty()));

    assertThat(json.get("verdict").get("passed").asBoolean(), is(false));
    assertThat(json.get("verdict").get("violations").asInt(), is(1));
    assertThat(json.get("verdict").get("warnings").asInt(), is(1));
    assertThat(json.get("dataset").get("sha256").asText(), is(run.dataset().sha256()));
    JsonNode variants = json.get("variants");
    assertThat(variants.size(), is(4));
    assertThat(variants.get(0).get("baseline").asBoolean(), is(true));
    assertThat(variants.get(0).has("accuracyDelta"), is(false));
    VariantRecord quantized = run.variant("quantized").orElseThrow();
    JsonNode q = variants.get(2);
    assertThat(q.get("name").asText(), is("quantized"));
    assertThat(q.get("zipBytes").asLong(), is(quantized.sizes().zip()));
    assertThat(
        q.get("accuracyDelta").asDouble(),
        closeTo(quantized.comparison().orElseThrow().accuracyDelta(), 1e-12));
    assertThat(q.get("weightTypes").asText(), is("int8 hybrid"));
    assertThat(q.get("violations").get(0).get("level").asText(), is("warn"));
    assertThat(q.get("latencyP50Nanos").asLong(), is(52_000L));
    assertThat(variants.get(3).has("latencyP50Nanos"), is(false));
  }

  @Test
  void json_previousRunRegressionsListed() throws IOException {
    VariantRecord quantized = run.variant("quantized").orElseThrow();
    RunRecord previous =
        RunFixtures.withVariants(
            run,
            List.of(
                run.variants().get(0),
                RunFixtures.renamed(
                    quantized,
                    "quantized",
                    quantized.sizes().zip() - 1,
                    quantized.evaluation().accuracy(),
                    quantized.latency())));

    JsonNode json = new ObjectMapper().readTree(JsonSummary.render(run, Optional.of(previous)));

    JsonNode p = json.get("previous");
    assertThat(p.get("sameDataset").asBoolean(), is(true));
    assertThat(p.get("regressions").size(), is(1));
    assertThat(p.get("regressions").get(0).get("change").asText(), is("bigger"));
    assertThat(p.get("newVariants").size(), is(2));
  }
}
