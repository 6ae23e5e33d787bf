package io.github.modelbudget.cli.training;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import io.github.modelbudget.training.train.EpochMetrics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class EpochPrinterTest {

  @Test
  void longTraining_printsTheFirstEveryFifthAndTheLastEpochOfEachStage() {
    StringWriter text = new StringWriter();
    EpochPrinter printer = new EpochPrinter(new PrintWriter(text), 5);

    printer.stageStarted("train");
    for (int epoch = 1; epoch <= 12; epoch++) {
      printer.epochEnded("train", metrics(epoch));
    }
    printer.stageStarted("prune");
    for (int epoch = 1; epoch <= 10; epoch++) {
      printer.epochEnded("prune", metrics(epoch));
    }
    printer.stageStarted("quantize");

    assertThat(epochsPrinted(text.toString()), is(List.of(1, 5, 10, 12, 1, 5, 10)));
  }

  private static EpochMetrics metrics(int epoch) {
    return new EpochMetrics(
        epoch, epoch * 3L, 0.5, 0.9, OptionalDouble.empty(), OptionalDouble.empty());
  }

  private static List<Integer> epochsPrinted(String text) {
    Matcher m = Pattern.compile("epoch (\\d+) ").matcher(text);
    return m.results().map(r -> Integer.parseInt(r.group(1))).toList();
  }
}
