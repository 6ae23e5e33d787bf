package io.github.modelbudget.harness.budget;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Budget files: defaults, overrides by name and glob, JSON and YAML, errors with lines. */
class BudgetFileTest {

  private static final String JSON =
      """
      {
        "default": {
          "minAccuracy": 0.97,
          "maxAccuracyDrop": "0.5%",
          "maxZipSize": "8 kB",
          "alpha": 0.01,
          "significantDropsOnly": true
        },
        "variants": {
          "pruned*": { "minSizeReduction": "2x", "maxZipSize": "7.5 KiB" },
          "pruned_quantized": { "maxZipSize": { "limit": "14303 B", "level": "warn" } },
          "*quantized": { "minAgreement": "99%", "level": "warn" }
        }
      }
      """;

  @Test
  void defaultBudget_readsLimitsAndSettings() {
    Budget budget = BudgetFile.parseJson("budget.json", JSON).budgetFor("baseline");

    assertThat(budget.limit(Metric.MIN_ACCURACY).orElseThrow().value(), is(0.97));
    assertThat(budget.limit(Metric.MAX_ACCURACY_DROP).orElseThrow().value(), is(0.005));
    assertThat(budget.limit(Metric.MAX_ZIP_SIZE).orElseThrow().value(), is(8000.0));
    assertThat(budget.limit(Metric.MIN_SIZE_REDUCTION), is(Optional.empty()));
    assertThat(budget.alpha(), is(0.01));
    assertThat(budget.significantDropsOnly(), is(true));
    assertThat(budget.level(), is(Level.ERROR));
  }

  @Test
  void globOverride_appliesToMatchingVariantsOnly() {
    BudgetFile file = BudgetFile.parseJson("budget.json", JSON);

    Budget pruned = file.budgetFor("pruned");
    assertThat(pruned.limit(Metric.MIN_SIZE_REDUCTION).orElseThrow().value(), is(0.5));
    assertThat(pruned.limit(Metric.MAX_ZIP_SIZE).orElseThrow().value(), is(7680.0));
    assertThat(pruned.limit(Metric.MIN_ACCURACY).orElseThrow().value(), is(0.97));
    assertThat(file.budgetFor("quantized").limit(Metric.MIN_SIZE_REDUCTION), is(Optional.empty()));
  }

  @Test
  void exactNameOverride_winsOverGlobs_andSetsItsOwnLevel() {
    Budget budget = BudgetFile.parseJson("budget.json", JSON).budgetFor("pruned_quantized");

    Limit zip = budget.limit(Metric.MAX_ZIP_SIZE).orElseThrow();
    assertThat(zip.value(), is(14303.0));
    assertThat(zip.level(), is(Optional.of(Level.WARN)));
    // Both globs match: "pruned*" brings the reduction, "*quantized" the agreement and level.
    assertThat(budget.limit(Metric.MIN_SIZE_REDUCTION).isPresent(), is(true));
    assertThat(budget.limit(Metric.MIN_AGREEMENT).orElseThrow().value(), is(0.99));
    assertThat(budget.level(), is(Level.WARN));
  }

  @Test
  void yamlFile_readsTheSameBudget(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("budget.yaml");
    Files.writeString(
        file,
        """
        default:
          minAccuracy: 97%
          maxGzipSize: 8 kB
        variants:
          "pruned*":
            maxLatencyP95: {limit: 2 ms, level: warn}
        """);

    BudgetFile budgets = BudgetFile.read(file);

    assertThat(budgets.budgetFor("x").limit(Metric.MIN_ACCURACY).orElseThrow().value(), is(0.97));
    assertThat(
        budgets.budgetFor("x").limit(Metric.MAX_GZIP_SIZE).orElseThrow().value(), is(8000.0));
    Limit latency = budgets.budgetFor("pruned").limit(Metric.MAX_LATENCY_P95).orElseThrow();
    assertThat(latency.value(), is(2e6));
    assertThat(latency.level(), is(Optional.of(Level.WARN)));
  }

  @Test
  void jsonFile_readFromDisk(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("budget.json");
    Files.writeString(file, JSON);

    assertThat(BudgetFile.read(file).overrides().size(), is(3));
  }

  @Test
  void questionMarkGlob_matchesOneCharacter() {
    BudgetFile file =
        BudgetFile.parseJson("b.json", "{\"variants\": {\"v?\": {\"minAccuracy\": 0.5}}}");

    assertThat(file.budgetFor("v1").limit(Metric.MIN_ACCURACY).isPresent(), is(true));
    assertThat(file.budgetFor("v12").limit(Metric.MIN_ACCURACY).isPresent(), is(false));
    assertThat(file.budgetFor("v.").limit(Metric.MIN_ACCURACY).isPresent(), is(true));
  }

  @Test
  void globWithRegexCharacters_matchesLiterally() {
    BudgetFile file =
        BudgetFile.parseJson("b.json", "{\"variants\": {\"int8+(v2)*\": {\"minAccuracy\": 0.5}}}");

    assertThat(file.budgetFor("int8+(v2)-final").limit(Metric.MIN_ACCURACY).isPresent(), is(true));
    assertThat(file.budgetFor("int88(v2)").limit(Metric.MIN_ACCURACY).isPresent(), is(false));
  }

  @Nested
  @DisplayName("invalid budget files")
  class Invalid {

    @Test
    void unknownKey_namesFileLineAndKnownKeys() {
      String json =
          """
          {
            "default": {
              "minAccuracy": 0.97,
              "maxGzipSise": "8 kB"
            }
          }
          """;

      BudgetFileException e =
          assertThrows(BudgetFileException.class, () -> BudgetFile.parseJson("b.json", json));

      assertThat(e.getMessage(), startsWith("b.json line 4: unknown key 'maxGzipSise'"));
      assertThat(e.getMessage(), containsString("maxGzipSize"));
      assertThat(e.line().getAsInt(), is(4));
    }

    @Test
    void unknownTopLevelKey_namesLine() {
      BudgetFileException e =
          assertThrows(
              BudgetFileException.class,
              () -> BudgetFile.parseJson("b.json", "{\n\"default\": {},\n\"variant\": {}\n}"));

      assertThat(
          e.getMessage(), startsWith("b.json line 3: unknown key 'variant' at the top level"));
    }

    @Test
    void badUnit_namesFileAndLine() {
      String json =
          """
          {
            "default": {},
            "variants": {
              "pruned": {
                "maxZipSize": "8 kilobytes"
              }
            }
          }
          """;

      BudgetFileException e =
          assertThrows(BudgetFileException.class, () -> BudgetFile.parseJson("b.json", json));

      assertThat(e.getMessage(), startsWith("b.json line 5: bad value for 'maxZipSize'"));
      assertThat(e.getMessage(), containsString("'kilobytes'"));
    }

    @Test
    void unknownKeyInYaml_namesLine(@TempDir Path dir) throws IOException {
      Path file = dir.resolve("budget.yml");
      Files.writeString(file, "default:\n  minAccuracy: 0.9\n  maxLatency: 2 ms\n");

      BudgetFileException e = assertThrows(BudgetFileException.class, () -> BudgetFile.read(file));

      assertThat(e.getMessage(), startsWith(file + " line 3: unknown key 'maxLatency'"));
    }

    @Test
    void malformedJson_namesLine() {
      BudgetFileException e =
          assertThrows(
              BudgetFileException.class,
              () -> BudgetFile.parseJson("b.json", "{\n \"default\": {\n  \"minAccuracy\": ,\n}"));

      assertThat(e.getMessage(), startsWith("b.json line 3: malformed"));
    }

    @Test
    void badLevel_named() {
      BudgetFileException e =
          assertThrows(
              BudgetFileException.class,
              () ->
                  BudgetFile.parseJson(
                      "b.json",
                      "{\"default\": {\"minAccuracy\": {\"limit\": 0.9, \"level\": \"fatal\"}}}"));

      assertThat(e.getMessage(), containsString("'warn' or 'error' but was 'fatal'"));
    }

    @Test
    void duplicateKey_rejected() {
      BudgetFileException e =
          assertThrows(
              BudgetFileException.class,
              () ->
                  BudgetFile.parseJson(
                      "b.json", "{\"default\": {\"minAccuracy\": 0.9,\n \"minAccuracy\": 0.8}}"));

      assertThat(e.getMessage(), startsWith("b.json line 2: duplicate key 'minAccuracy'"));
    }

    @Test
    void limitObjectWithoutLimit_rejected() {
      BudgetFileException e =
          assertThrows(
              BudgetFileException.class,
              () ->
                  BudgetFile.parseJson(
                      "b.json", "{\"default\": {\"minAccuracy\": {\"level\": \"warn\"}}}"));

      assertThat(e.getMessage(), containsString("has no 'limit' value"));
    }

    @Test
    void missingFile_isBudgetFileException(@TempDir Path dir) {
      Path missing = dir.resolve("nope.json");

      BudgetFileException e =
          assertThrows(BudgetFileException.class, () -> BudgetFile.read(missing));

      assertThat(e.getMessage(), startsWith(missing.toString()));
    }
  }

  @Test
  void secondYamlDocument_isRejected_notHalfRead() {
    BudgetFileException e =
        assertThrows(
            BudgetFileException.class,
            () ->
                BudgetFile.parseYaml(
                    "budget.yaml",
                    "default:\n  minAccuracy: 0.9\n---\ndefault:\n  minAccuracy: 0.99\n"));

    assertThat(e.getMessage(), containsString("budget.yaml"));
    assertThat(e.getMessage(), containsString("second YAML document"));
  }
}
