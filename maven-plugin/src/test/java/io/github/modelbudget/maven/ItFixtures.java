package io.github.modelbudget.maven;

import io.github.modelbudget.harness.AtomicFiles;
import io.github.modelbudget.harness.data.Dataset;
import io.github.modelbudget.harness.data.Datasets;
import io.github.modelbudget.harness.format.Activation;
import io.github.modelbudget.harness.format.TensorRef;
import io.github.modelbudget.harness.format.TensorType;
import io.github.modelbudget.harness.format.TfliteModelBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * Writes what the invoker's builds need before they run (the {@code pre-integration-test} phase
 * runs it through exec-maven-plugin): they cannot run our in-process builders, so the models and
 * data are made here, deterministically.
 *
 * <ul>
 *   <li>{@code target/it-models/family/}: {@code baseline}, {@code good} (right wherever the
 *       baseline is) and {@code drifted} (right on 3 samples of 4), dense sigmoid classifiers built
 *       with {@link TfliteModelBuilder}, and {@code target/it-models/test.npz}, 200 samples on
 *       which the baseline is always right; the plugin's ITs ({@code src/it}) point at them.
 *   <li>{@code target/quickstart-it/<name>/}: one project per folder of {@code src/quickstart-it},
 *       its {@code pom.xml} and test class taken from the README at this moment (so the README's
 *       quickstart is what is built), with {@code baseline} and {@code quantized} models (the good
 *       or the drifted one, as the folder's {@code fixture.properties} says) and the data in its
 *       test resources.
 * </ul>
 */
public final class ItFixtures {

  /** The README's quickstart POM follows this marker in an {@code xml} code block. */
  static final String POM_MARKER = "<!-- the quickstart pom.xml -->";

  /** The README's quickstart test follows this marker, which ends with the file's path. */
  static final String TEST_MARKER = "<!-- the quickstart test: ";

  static final int SAMPLES = 200;

  private ItFixtures() {}

  /**
   * Writes the fixtures.
   *
   * @param args the build directory, the README, the folder of quickstart templates
   * @throws IOException if a file cannot be read or written
   */
  public static void main(String[] args) throws IOException {
    Path build = Path.of(args[0]);
    String readme = Files.readString(Path.of(args[1]), StandardCharsets.UTF_8);
    Path templates = Path.of(args[2]);

    Path models = build.resolve("it-models");
    writeFamily(models.resolve("family"), List.of("baseline", "good", "drifted"));
    Datasets.writeNpz(dataset(), models.resolve("test.npz"));

    String pom = codeBlock(readme, POM_MARKER, "xml");
    int testMarker = readme.indexOf(TEST_MARKER);
    if (testMarker < 0) {
      throw new IllegalStateException("the README has no marker " + TEST_MARKER + "…");
    }
    String testPath =
        readme.substring(testMarker + TEST_MARKER.length(), readme.indexOf(" -->", testMarker));
    String test = codeBlock(readme, TEST_MARKER, "java");
    try (Stream<Path> projects = Files.list(templates)) {
      for (Path template : projects.filter(Files::isDirectory).sorted().toList()) {
        Path project = build.resolve("quickstart-it").resolve(template.getFileName().toString());
        copyTemplate(template, project);
        AtomicFiles.writeString(project.resolve(testPath), test);
        Properties fixture = new Properties();
        try (InputStream in = Files.newInputStream(template.resolve("fixture.properties"))) {
          fixture.load(in);
        }
        String junitWithoutBom = fixture.getProperty("junitWithoutBom");
        AtomicFiles.writeString(
            project.resolve("pom.xml"),
            junitWithoutBom == null ? pom : withoutJunitBom(pom, junitWithoutBom));
        Path resources = project.resolve("src/test/resources");
        Path family = resources.resolve("models");
        AtomicFiles.write(family.resolve("baseline.tflite"), model("baseline"));
        AtomicFiles.write(
            family.resolve("quantized.tflite"), model(fixture.getProperty("quantized")));
        Datasets.writeNpz(dataset(), resources.resolve("data/test.npz"));
      }
    }
  }

  /**
   * The quickstart POM as a user who skips the JUnit BOM writes it: {@code junit-jupiter} pinned to
   * an older version and declared after {@code modelbudget-junit}, so that Maven meets the
   * extension's JUnit dependencies first.
   */
  static String withoutJunitBom(String pom, String junitVersion) {
    String bom =
        """
              <dependency>
                <groupId>org.junit</groupId>
                <artifactId>junit-bom</artifactId>
                <version>${junit.version}</version>
                <type>pom</type>
                <scope>import</scope>
              </dependency>
        """;
    String jupiter =
        """
            <dependency>
              <groupId>org.junit.jupiter</groupId>
              <artifactId>junit-jupiter</artifactId>
              <scope>test</scope>
            </dependency>
        """;
    String harness =
        """
            <dependency>
              <groupId>io.github.modelbudget</groupId>
              <artifactId>modelbudget-harness</artifactId>
              <scope>test</scope>
            </dependency>
        """;
    for (String part : List.of(bom, jupiter, harness)) {
      if (!pom.contains(part)) {
        throw new IllegalStateException(
            "the README's quickstart POM no longer has, as written here:\n" + part);
      }
    }
    String pinned =
        jupiter.replace(
            "<artifactId>junit-jupiter</artifactId>\n",
            "<artifactId>junit-jupiter</artifactId>\n      <version>"
                + junitVersion
                + "</version>\n");
    return pom.replace(bom, "").replace(jupiter, "").replace(harness, harness + pinned);
  }

  /** The text of the first code block of {@code language} after {@code marker}. */
  static String codeBlock(String readme, String marker, String language) {
    int at = readme.indexOf(marker);
    if (at < 0) {
      throw new IllegalStateException("the README has no marker " + marker);
    }
    String fence = "```" + language + "\n";
    int start = readme.indexOf(fence, at) + fence.length();
    int end = readme.indexOf("```\n", start);
    return readme.substring(start, end);
  }

  private static void copyTemplate(Path template, Path project) throws IOException {
    try (Stream<Path> files = Files.list(template)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        AtomicFiles.write(project.resolve(file.getFileName().toString()), Files.readAllBytes(file));
      }
    }
  }

  private static void writeFamily(Path dir, List<String> names) {
    for (String name : names) {
      AtomicFiles.write(dir.resolve(name + ".tflite"), model(name));
    }
  }

  /**
   * A dense sigmoid classifier over two features. The baseline weighs feature 0 by 8 and feature 1
   * by 0.5, the good variant feature 0 alone: on {@link #dataset()} feature 0 has the label's sign
   * and at least 0.2 in magnitude, feature 1 at most 1.2, so both are always right. The drifted
   * variant looks at feature 1 alone, which has the label's sign on 3 samples of 4.
   */
  static byte[] model(String name) {
    float[] weights =
        switch (name) {
          case "baseline" -> new float[] {8f, 0.5f};
          case "good" -> new float[] {8f, 0f};
          case "drifted" -> new float[] {0f, 8f};
          default -> throw new IllegalArgumentException("no fixture model " + name);
        };
    TfliteModelBuilder b = new TfliteModelBuilder();
    TensorRef x = b.input("x", TensorType.FLOAT32, -1, 2);
    TensorRef w = b.constant("dense/kernel", weights, 1, 2);
    TensorRef bias = b.constant("dense/bias", new float[1], 1);
    TensorRef logit = b.tensor("dense/logit", TensorType.FLOAT32, -1, 1);
    TensorRef p = b.tensor("probability", TensorType.FLOAT32, -1, 1);
    b.fullyConnected(x, w, bias, logit, Activation.NONE).logistic(logit, p).output(p);
    return b.toBytes();
  }

  /** {@link #SAMPLES} samples, labels alternating, seeded. */
  static Dataset dataset() {
    SplittableRandom random = new SplittableRandom(19L);
    float[] features = new float[SAMPLES * 2];
    int[] labels = new int[SAMPLES];
    for (int i = 0; i < SAMPLES; i++) {
      labels[i] = i % 2;
      float sign = labels[i] == 1 ? 1f : -1f;
      features[2 * i] = sign * (float) (0.2 + random.nextDouble());
      float agrees = i % 4 == 3 ? -1f : 1f;
      features[2 * i + 1] = agrees * sign * (float) (0.2 + random.nextDouble());
    }
    return Dataset.of("it", new int[] {2}, features, labels, List.of("negative", "positive"));
  }
}
