package io.github.modelbudget.cli;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A non-ASCII file name under a locale without UTF-8 (issue: with {@code LANG} unset, exit 2 and
 * the text of a Java {@code InvalidPathException}). The JVM decodes its arguments with the locale's
 * encoding before any of our code runs, so this runs the command line in a child JVM with the
 * locale variables removed.
 */
class FileNameTest {

  @TempDir Path dir;

  @Test
  void nonAsciiName_withLangUnset_saysToUseAUtf8Locale_withoutAJavaExceptionName()
      throws IOException, InterruptedException {
    Path model = dir.resolve("caf\u00e9.tflite");
    SeedArchitecture.untrained(3L).save(model);
    ProcessBuilder child =
        new ProcessBuilder(
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp",
                    System.getProperty("java.class.path"),
                    ModelBudgetCli.class.getName(),
                    "inspect",
                    model.toString()))
            .redirectErrorStream(true);
    child.environment().keySet().removeIf(name -> name.equals("LANG") || name.startsWith("LC_"));

    Process process = child.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int code = process.waitFor();

    assertThat(output, code, is(ExitCode.USAGE));
    assertThat(
        output,
        allOf(
            containsString("LANG=C.UTF-8"),
            containsString("cannot represent"),
            not(containsString("Exception"))));
  }

  @Test
  void nulInAName_isNotAUsableFileName() {
    java.io.StringWriter err = new java.io.StringWriter();
    int code =
        ModelBudgetCli.commandLine(
                new java.io.PrintWriter(new java.io.StringWriter()), new java.io.PrintWriter(err))
            .execute("inspect", "a\u0000b.tflite");

    assertThat(code, is(ExitCode.USAGE));
    assertThat(
        err.toString(),
        allOf(containsString("is not a usable file name"), not(containsString("Exception"))));
    assertThat(Files.exists(dir.resolve("a")), is(false));
  }
}
