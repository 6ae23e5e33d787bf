package io.github.modelbudget.cli;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Reads the runnable jar that {@code package} built ({@code cli/target/modelbudget.jar}, path and
 * platforms from the failsafe configuration): it carries the TFLite runtime of every platform and
 * nothing of TensorFlow Java, and its main class answers {@code optimize} with the training jar.
 */
class SlimJarIT {

  private static List<String> entries;

  @BeforeAll
  static void readEntries() throws IOException {
    entries = new ArrayList<>();
    try (ZipFile jar = new ZipFile(jar().toFile())) {
      for (Enumeration<? extends ZipEntry> e = jar.entries(); e.hasMoreElements(); ) {
        entries.add(e.nextElement().getName());
      }
    }
  }

  private static Path jar() {
    return Path.of(System.getProperty("modelbudget.slimJar", "target/modelbudget.jar"));
  }

  static List<String> platforms() {
    return List.of(System.getProperty("modelbudget.slimPlatforms", "").split(","));
  }

  @ParameterizedTest
  @MethodSource("platforms")
  void jar_carriesTheTfliteAndJavacppNativesOfThePlatform(String platform) {
    String prefix = platform.startsWith("windows") ? "" : "lib";
    String suffix =
        platform.startsWith("windows") ? ".dll" : platform.startsWith("macosx") ? ".dylib" : ".so";

    assertThat(
        entries,
        hasItem(
            "org/bytedeco/tensorflowlite/"
                + platform
                + "/"
                + prefix
                + "jnitensorflowlite"
                + suffix));
    assertThat(
        entries,
        hasItem("org/bytedeco/javacpp/" + platform + "/" + prefix + "jnijavacpp" + suffix));
  }

  @Test
  void jar_hasNoTensorFlowJavaClassesOrNatives() {
    List<String> tensorFlow =
        entries.stream()
            .filter(name -> !name.endsWith("/"))
            .filter(
                name ->
                    (name.startsWith("org/tensorflow/") && !name.startsWith("org/tensorflow/lite/"))
                        || name.matches(".*tensorflow_(cc|framework).*")
                        || name.startsWith("io/github/modelbudget/training/")
                        || name.startsWith("io/github/modelbudget/cli/training/"))
            .toList();

    assertThat(tensorFlow, is(empty()));
  }

  @Test
  void jar_version_loadsTheBundledTfliteRuntime(@TempDir Path dir)
      throws IOException, InterruptedException {
    JarRun run = runJar(dir, "--version");

    assertThat(run.err(), run.exitCode(), is(ExitCode.OK));
    assertThat(run.out(), containsString("TensorFlow Lite 2.21"));
  }

  @Test
  void jar_optimize_pointsToTheTrainingJarWithTheUsageExitCode(@TempDir Path dir)
      throws IOException, InterruptedException {
    JarRun run = runJar(dir, "optimize", "--recipe", "seed");

    assertThat(run.err(), run.exitCode(), is(ExitCode.USAGE));
    assertThat(
        run.err(),
        allOf(
            containsString("modelbudget-cli-training"), not(containsString("Unmatched argument"))));
  }

  private record JarRun(int exitCode, String out, String err) {}

  /** Runs the jar in its own JVM, as a user would with {@code java -jar}. */
  private static JarRun runJar(Path dir, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(jar().toString());
    command.addAll(List.of(args));
    Path out = dir.resolve("out.txt");
    Path err = dir.resolve("err.txt");
    Process process =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    // A bound, not a measurement: a hung JVM fails the test instead of the build.
    assertThat("the jar's JVM ended", process.waitFor(5, TimeUnit.MINUTES), is(true));
    return new JarRun(
        process.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }
}
