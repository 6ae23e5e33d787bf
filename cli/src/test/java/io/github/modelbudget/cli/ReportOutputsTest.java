package io.github.modelbudget.cli;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where {@code report} writes: {@code -} for standard output, through symbolic links, both files as
 * one set (issue: {@code --markdown /dev/stdout} replaced the link with a file and printed
 * nothing).
 */
class ReportOutputsTest {

  @TempDir Path dir;

  private Path record;
  private StringWriter out;
  private StringWriter err;

  private int run(String... args) {
    out = new StringWriter();
    err = new StringWriter();
    return ModelBudgetCli.commandLine(new PrintWriter(out, true), new PrintWriter(err, true))
        .execute(args);
  }

  @BeforeEach
  void checkTheFixtures() throws IOException {
    Fixtures fx = Fixtures.create(dir, 16);
    Path budget = Files.writeString(dir.resolve("budget.json"), "{\"default\": {}}");
    record = dir.resolve("run.json");
    int code =
        run(
            "check",
            "--quiet",
            "--budget",
            budget.toString(),
            "--data",
            fx.data.toString(),
            "--models",
            fx.models.toString(),
            "--out",
            record.toString());
    assertThat(err.toString(), code, is(ExitCode.OK));
  }

  @Test
  void markdownDash_printsTheSummaryToStandardOutput_andWritesTheHtml() throws IOException {
    Path html = dir.resolve("report.html");

    int code = run("report", record.toString(), "--html", html.toString(), "--markdown", "-");

    assertThat(err.toString(), code, is(ExitCode.OK));
    assertThat(out.toString(), allOf(startsWith("#"), containsString("quantized")));
    assertThat(out.toString(), not(containsString("HTML report:")));
    assertThat(Files.readString(html), containsString("<html"));
    assertThat(Files.exists(dir.resolve("-")), is(false));
  }

  @Test
  void bothToStandardOutput_isAUsageError() {
    int code = run("report", record.toString(), "--html", "-", "--markdown", "-");

    assertThat(code, is(ExitCode.USAGE));
    assertThat(err.toString(), containsString("both go to standard output"));
  }

  @Test
  void symlinkedOutputs_areWrittenThrough_andStayLinks() throws IOException {
    Path site = Files.createDirectory(dir.resolve("site"));
    Path htmlLink = Files.createSymbolicLink(dir.resolve("report.html"), site.resolve("r.html"));
    Path mdLink = Files.createSymbolicLink(dir.resolve("summary.md"), Path.of("site/s.md"));

    int code =
        run(
            "report",
            record.toString(),
            "--html",
            htmlLink.toString(),
            "--markdown",
            mdLink.toString());

    assertThat(err.toString(), code, is(ExitCode.OK));
    assertThat(Files.isSymbolicLink(htmlLink), is(true));
    assertThat(Files.isSymbolicLink(mdLink), is(true));
    assertThat(Files.readString(site.resolve("r.html")), containsString("<html"));
    assertThat(Files.readString(site.resolve("s.md")), containsString("quantized"));
    assertThat(out.toString(), containsString("Markdown summary: " + mdLink));
  }
}
