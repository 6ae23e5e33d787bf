package io.github.modelbudget.reports;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.modelbudget.harness.results.RunRecord;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * The report in a real browser: Debian's headless Chromium opens it from disk, runs its scripts and
 * draws the charts. Skipped, with the reason, where Chromium or its driver is not installed ({@code
 * .ci/run} installs both).
 */
class BrowserReportTest {

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final Path TARGET = Path.of("target");

  private ChromeDriver driver;

  @BeforeEach
  void startBrowser(@TempDir Path profile) {
    assumeTrue(
        Files.isExecutable(CHROMIUM),
        "no Chromium at " + CHROMIUM + ": install Debian's chromium and chromium-driver");
    assumeTrue(
        Files.isExecutable(CHROMEDRIVER),
        "no ChromeDriver at " + CHROMEDRIVER + ": install Debian's chromium-driver");
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
            .usingAnyFreePort()
            .build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toString());
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1400,2200",
        "--user-data-dir=" + profile.toAbsolutePath());
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
    driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
  }

  @AfterEach
  void stopBrowser() {
    if (driver != null) {
      driver.quit();
    }
  }

  private Path open(RunRecord run, String name) throws IOException {
    Path html = TARGET.resolve(name + ".html").toAbsolutePath();
    HtmlReport.write(run, Optional.of(run), html);
    driver.get(html.toUri().toString());
    return html;
  }

  private List<String> severeConsoleEntries() {
    return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
        .map(LogEntry::getMessage)
        .toList();
  }

  @ParameterizedTest(name = "{0} px wide")
  @ValueSource(ints = {1280, 1920})
  @SuppressWarnings("unchecked")
  void comparisonTable_fitsWithoutHorizontalScrolling_rowsStayShort(int width) throws IOException {
    driver.manage().window().setSize(new Dimension(width, 1400));
    open(RunFixtures.realRun(), "browser-report-" + width);

    Map<String, Object> layout =
        (Map<String, Object>)
            ((JavascriptExecutor) driver)
                .executeScript(
                    "var wrap = document.querySelector('.table-wrap');"
                        + "var rows = Array.from(document.querySelectorAll("
                        + "  '#comparison-table tbody tr')).map(function (r) {"
                        + "  return r.getBoundingClientRect().height; });"
                        + "return { viewport: document.documentElement.clientWidth,"
                        + "  wrapScroll: wrap.scrollWidth, wrapClient: wrap.clientWidth,"
                        + "  pageScroll: document.documentElement.scrollWidth,"
                        + "  tallest: Math.max.apply(null, rows) };");
    long viewport = ((Number) layout.get("viewport")).longValue();

    assertThat(viewport, greaterThan(width - 40L));
    assertThat(
        "table " + layout,
        ((Number) layout.get("wrapScroll")).longValue(),
        lessThanOrEqualTo(((Number) layout.get("wrapClient")).longValue()));
    assertThat(
        "page " + layout,
        ((Number) layout.get("pageScroll")).longValue(),
        lessThanOrEqualTo(viewport));
    assertThat("rows " + layout, ((Number) layout.get("tallest")).doubleValue(), lessThan(120.0));
    Files.write(
        TARGET.resolve("report-" + width + ".png"), driver.getScreenshotAs(OutputType.BYTES));
  }

  @Test
  @SuppressWarnings("unchecked")
  void regressionReport_drawsSizeAndMaeChartsWithoutConsoleErrors() throws IOException {
    open(RegressionReportTest.regressionRun(), "browser-regression-report");

    assertThat(severeConsoleEntries(), empty());
    List<Object> charts =
        (List<Object>)
            ((JavascriptExecutor) driver)
                .executeScript(
                    "return Array.from(document.querySelectorAll('canvas')).map(function (c) {"
                        + "  return c.id + ':' + (Chart.getChart(c) !== undefined); });");
    assertThat(charts, contains("chart-size:true", "chart-mae:true"));
  }

  @Test
  @SuppressWarnings("unchecked")
  void reportFromDisk_drawsEveryChartWithoutConsoleErrors() throws IOException {
    open(RunFixtures.realRun(), "browser-report");

    assertThat(severeConsoleEntries(), empty());
    List<Map<String, Object>> canvases =
        (List<Map<String, Object>>)
            ((JavascriptExecutor) driver)
                .executeScript(
                    "return Array.from(document.querySelectorAll('canvas')).map(function (c) {"
                        + "  var pixels = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
                        + "  var inked = 0;"
                        + "  for (var i = 3; i < pixels.length; i += 4) { if (pixels[i] > 0) inked++; }"
                        + "  return { id: c.id, width: c.width, height: c.height,"
                        + "           chart: typeof Chart !== 'undefined' && Chart.getChart(c) !== undefined,"
                        + "           inked: inked };"
                        + "});");
    assertThat(
        canvases.stream().map(c -> c.get("id")).toList(),
        contains("chart-accuracy-size", "chart-size", "chart-accuracy", "chart-latency"));
    for (Map<String, Object> canvas : canvases) {
      String id = (String) canvas.get("id");
      assertThat(id + " is a Chart.js chart", canvas.get("chart"), is(true));
      assertThat(id + " width", ((Number) canvas.get("width")).longValue(), greaterThan(100L));
      assertThat(id + " height", ((Number) canvas.get("height")).longValue(), greaterThan(100L));
      assertThat(
          id + " inked pixels", ((Number) canvas.get("inked")).longValue(), greaterThan(1000L));
    }
    Object points =
        ((JavascriptExecutor) driver)
            .executeScript(
                "return Chart.getChart(document.getElementById('chart-accuracy-size'))"
                    + ".data.datasets.map(function (d) { return d.data.length; });");
    assertThat(((List<?>) points).size(), is(3));

    byte[] png = driver.getScreenshotAs(OutputType.BYTES);
    Path screenshot = TARGET.resolve("report-screenshot.png");
    Files.write(screenshot, png);
    assertThat(Files.size(screenshot), greaterThan(10_000L));
  }

  @Test
  @SuppressWarnings("unchecked")
  void layerChart_drawsOneBarPerTensorWithoutConsoleErrors() throws IOException {
    open(LayerTableTest.runWithLayers(), "browser-report-layers");

    assertThat(severeConsoleEntries(), empty());
    Map<String, Object> chart =
        (Map<String, Object>)
            ((JavascriptExecutor) driver)
                .executeScript(
                    "var c = document.querySelector('canvas.chart-layers');"
                        + "var chart = Chart.getChart(c);"
                        + "return { bars: chart.data.datasets[0].data,"
                        + "  colors: chart.data.datasets[0].backgroundColor, height: c.height };");
    List<Number> bars = (List<Number>) chart.get("bars");
    assertThat(bars.size(), is(3));
    assertThat(bars.get(0).doubleValue(), is(9.58));
    assertThat(bars.get(2).doubleValue(), greaterThan(41.3));
    List<String> colors = (List<String>) chart.get("colors");
    assertThat(colors.get(0).equals(colors.get(1)), is(false));
    assertThat(((Number) chart.get("height")).longValue(), greaterThan(100L));
  }

  @Test
  void hostileNames_shownAsTextAndNoScriptRuns() throws IOException {
    open(UntrustedNamesTest.hostileRun(), "browser-hostile-report");

    assertThrows(NoAlertPresentException.class, () -> driver.switchTo().alert());
    assertThat(driver.findElements(By.tagName("img")), empty());
    assertThat(
        driver.findElement(By.cssSelector("details#variant-0 summary")).getText(),
        is(UntrustedNamesTest.MODEL + " (baseline)"));
    assertThat(
        driver
            .findElement(By.cssSelector("details#variant-0 table.confusion-matrix thead"))
            .getText()
            .contains(UntrustedNamesTest.CLASS),
        is(true));
    assertThat(severeConsoleEntries(), empty());
    Object charts =
        ((JavascriptExecutor) driver)
            .executeScript(
                "return Array.from(document.querySelectorAll('canvas'))"
                    + ".filter(function (c) { return Chart.getChart(c) !== undefined; }).length;");
    assertThat(((Number) charts).intValue(), is(4));
  }
}
