package io.github.modelbudget.junit;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;

/** How {@link ModelVariants}, {@link VariantTest} and {@link Variant} find and inject variants. */
class VariantDiscoveryTest {

  static final String MODELS = "target/junit-fixtures/discovery";
  static final String CLASSPATH_MODELS = "fixture-models";

  @BeforeAll
  static void writeModels() {
    FixtureModels.writeVariants(Path.of(MODELS), "baseline", "pruned", "quantized");
    FixtureModels.writeVariants(
        Path.of("target/test-classes", CLASSPATH_MODELS), "reference", "small");
    FixtureModels.writeVariants(Path.of("target/junit-fixtures/no-baseline"), "a", "b");
  }

  private static Events testEvents(Class<?> testCase) {
    return EngineTestKit.engine("junit-jupiter")
        .selectors(selectClass(testCase))
        .execute()
        .testEvents();
  }

  /** The first failure, whether of a test or of a container (a template whose provider failed). */
  private static Event firstFailure(Class<?> testCase) {
    return EngineTestKit.engine("junit-jupiter")
        .selectors(selectClass(testCase))
        .execute()
        .allEvents()
        .failed()
        .list()
        .get(0);
  }

  private static List<String> succeededNames(Events events) {
    return events.succeeded().map(e -> e.getTestDescriptor().getDisplayName()).toList();
  }

  private static String failureMessage(Event event) {
    return event
        .getPayload(org.junit.platform.engine.TestExecutionResult.class)
        .flatMap(org.junit.platform.engine.TestExecutionResult::getThrowable)
        .map(Throwable::getMessage)
        .orElse("");
  }

  @ModelVariants(dir = MODELS)
  static class EveryVariantTestCase {
    @VariantTest
    void loads(ModelUnderTest model) {
      assertThat(model.info().parameterCount(), is(9L));
    }
  }

  @Test
  void variantTest_runsOncePerVariant_withTheVariantInTheDisplayName() {
    Events events = testEvents(EveryVariantTestCase.class);

    events.assertStatistics(stats -> stats.started(3).succeeded(3).failed(0));
    assertThat(succeededNames(events), containsInAnyOrder("[baseline]", "[pruned]", "[quantized]"));
  }

  @ModelVariants(dir = MODELS)
  static class WithoutBaselineTestCase {
    @VariantTest(includeBaseline = false, name = "{displayName} of {variant}")
    void notTheBaseline(ModelUnderTest model) {
      assertThat(model.isBaseline(), is(false));
    }
  }

  @Test
  void variantTest_withoutBaseline_skipsTheBaselineAndUsesTheNamePattern() {
    Events events = testEvents(WithoutBaselineTestCase.class);

    assertThat(
        succeededNames(events),
        containsInAnyOrder(
            "notTheBaseline(ModelUnderTest) of pruned",
            "notTheBaseline(ModelUnderTest) of quantized"));
  }

  @ModelVariants(dir = MODELS)
  static class NamedVariantTestCase {
    @Test
    void quantizedAndBaseline(
        @Variant("quantized") ModelUnderTest quantized, @Variant("baseline") ModelUnderTest base) {
      assertThat(quantized.name(), is("quantized"));
      assertThat(base.isBaseline(), is(true));
    }
  }

  @Test
  void variantParameter_injectsTheNamedVariantIntoAPlainTest() {
    testEvents(NamedVariantTestCase.class).assertStatistics(stats -> stats.succeeded(1).failed(0));
  }

  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.TYPE)
  @ModelVariants(classpath = CLASSPATH_MODELS, baseline = "reference")
  @interface TeamModels {}

  @TeamModels
  static class MetaAnnotatedClasspathTestCase {
    @VariantTest
    void fromTheClasspath(ModelUnderTest model) {
      assertThat(model.model().origin(), containsString("classpath:" + CLASSPATH_MODELS + "/"));
    }
  }

  @Test
  void modelVariants_asMetaAnnotationOverAClasspathFolder_findsTheVariants() {
    Events events = testEvents(MetaAnnotatedClasspathTestCase.class);

    assertThat(succeededNames(events), containsInAnyOrder("[reference]", "[small]"));
  }

  @Nested
  @DisplayName("misconfiguration")
  class Misconfiguration {

    @ModelVariants(dir = "target/junit-fixtures/does-not-exist")
    static class MissingDirTestCase {
      @VariantTest
      void never(ModelUnderTest model) {}
    }

    @Test
    void missingDirectory_failsWithTheAbsolutePath() {
      Event failure = firstFailure(MissingDirTestCase.class);

      assertThat(
          failureMessage(failure),
          allOf(
              containsString("@ModelVariants cannot load its variants"),
              containsString("target/junit-fixtures/does-not-exist: no such folder"),
              containsString(
                  Path.of("target/junit-fixtures/does-not-exist").toAbsolutePath().toString())));
    }

    @ModelVariants(dir = "target/junit-fixtures/no-baseline")
    static class NoBaselineTestCase {
      @VariantTest
      void never(ModelUnderTest model) {}
    }

    @Test
    void noBaselineAmongTheFiles_failsListingTheVariants() {
      Event failure = firstFailure(NoBaselineTestCase.class);

      assertThat(
          failureMessage(failure),
          allOf(
              containsString("no baseline model 'baseline.tflite'"),
              containsString("[a, b]"),
              containsString("name the baseline file baseline.tflite")));
    }

    @ModelVariants(dir = MODELS, include = "*.onnx")
    static class NothingMatchesTestCase {
      @VariantTest
      void never(ModelUnderTest model) {}
    }

    @Test
    void noFileMatchingInclude_failsNamingThePatterns() {
      Event failure = firstFailure(NothingMatchesTestCase.class);

      assertThat(failureMessage(failure), containsString("no model files matching [*.onnx]"));
    }

    @ModelVariants(dir = MODELS)
    static class UnknownVariantTestCase {
      @Test
      void distilled(@Variant("distilled") ModelUnderTest model) {}
    }

    @Test
    void unknownVariantName_failsListingTheVariants() {
      Event failure = firstFailure(UnknownVariantTestCase.class);

      assertThat(
          failureMessage(failure),
          allOf(
              containsString("@Variant(\"distilled\")"),
              containsString("[baseline, pruned, quantized]")));
    }

    static class NoDeclarationTestCase {
      @VariantTest
      void never(ModelUnderTest model) {}
    }

    @Test
    void variantTestWithoutModelVariants_saysWhatToDeclare() {
      Event failure = firstFailure(NoDeclarationTestCase.class);

      assertThat(failureMessage(failure), containsString("no @ModelVariants on"));
    }

    @ModelVariants(dir = MODELS, classpath = "models")
    static class BothLocationsTestCase {
      @VariantTest
      void never(ModelUnderTest model) {}
    }

    @Test
    void bothDirAndClasspath_failsSayingExactlyOne() {
      Event failure = firstFailure(BothLocationsTestCase.class);

      assertThat(
          failureMessage(failure),
          containsString("needs exactly one of `dir` and `classpath` but both are set"));
    }
  }
}
