package io.github.modelbudget.maven;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import io.github.modelbudget.harness.data.Dataset;
import io.github.modelbudget.harness.eval.Evaluator;
import io.github.modelbudget.harness.format.TfliteModel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The integration tests' expectations rest on these fixtures: checked here in the real runtime, so
 * an IT that fails says something about the plugin, not about its models.
 */
class ItFixturesTest {

  @Test
  void fixtureModels_haveTheAccuraciesTheItsExpect() {
    Dataset data = ItFixtures.dataset();

    assertThat(accuracy("baseline", data), closeTo(1.0, 1e-9));
    assertThat(accuracy("good", data), closeTo(1.0, 1e-9));
    assertThat(accuracy("drifted", data), closeTo(0.75, 1e-9));
  }

  @Test
  void readme_hasTheQuickstartPomAndTest() throws IOException {
    String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);

    String pom = ItFixtures.codeBlock(readme, ItFixtures.POM_MARKER, "xml");
    String test = ItFixtures.codeBlock(readme, ItFixtures.TEST_MARKER, "java");

    assertThat(pom, startsWith("<?xml"));
    assertThat(pom, containsString("<artifactId>modelbudget-maven-plugin</artifactId>"));
    assertThat(test, containsString("@ModelBudget("));
  }

  @Test
  void withoutJunitBom_dropsTheBomAndPinsJupiterAfterTheExtension() throws IOException {
    String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
    String pom = ItFixtures.codeBlock(readme, ItFixtures.POM_MARKER, "xml");

    String user = ItFixtures.withoutJunitBom(pom, "5.10.3");

    assertThat(user, not(containsString("junit-bom")));
    assertThat(
        user,
        containsString(
            "<artifactId>junit-jupiter</artifactId>\n      <version>5.10.3</version>\n"));
    assertThat(
        user.indexOf("modelbudget-junit") < user.indexOf("<artifactId>junit-jupiter</artifactId>"),
        is(true));
    assertThat(user, containsString("<artifactId>modelbudget-maven-plugin</artifactId>"));
  }

  private static double accuracy(String name, Dataset data) {
    return Evaluator.defaults()
        .evaluate(TfliteModel.fromBytes(name, ItFixtures.model(name)), data)
        .accuracy();
  }
}
