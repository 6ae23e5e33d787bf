package io.github.modelbudget.examples;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The README's JUnit example is {@link QuickDrawModelsTest}, which the build compiles and runs:
 * this test keeps the two the same, so the README never shows code that does not compile or pass.
 */
class ReadmeExampleTest {

  static final Path EXAMPLE =
      Path.of("src/test/java/io/github/modelbudget/examples/QuickDrawModelsTest.java");
  static final String MARKER = "<!-- the example: " + "examples/" + EXAMPLE + " -->";

  @Test
  void readmeQuotesTheExampleFileExactly() throws IOException {
    String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
    int marker = readme.indexOf(MARKER);
    assertThat("the README has the marker " + MARKER, marker >= 0, is(true));
    int start = readme.indexOf("```java\n", marker) + "```java\n".length();
    int end = readme.indexOf("```\n", start);
    String quoted = readme.substring(start, end);

    assertThat(quoted, is(Files.readString(EXAMPLE, StandardCharsets.UTF_8)));
  }
}
