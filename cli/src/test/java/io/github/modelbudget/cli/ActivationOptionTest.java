package io.github.modelbudget.cli;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --activation}: how outputs are read, stated by the user or inferred from the graph. */
class ActivationOptionTest {

  @TempDir Path dir;

  private Fixtures fx;
  private StringWriter out;
  private StringWriter err;

  @BeforeEach
  void makeModelsAndData() throws IOException {
    fx = Fixtures.create(dir, 32);
  }

  private int run(String... args) {
    out = new StringWriter();
    err = new StringWriter();
    return ModelBudgetCli.commandLine(new PrintWriter(out, true), new PrintWriter(err, true))
        .execute(args);
  }

  private JsonNode evaluation(String... activation) throws IOException {
    String[] args = new String[4 + activation.length];
    args[0] = "evaluate";
    args[1] = "--json";
    System.arraycopy(activation, 0, args, 2, activation.length);
    args[2 + activation.length] = "--data=" + fx.data;
    args[3 + activation.length] = fx.baseline.toString();
    int code = run(args);
    assertThat(err.toString(), code, is(ExitCode.OK));
    JsonNode node = new ObjectMapper().readTree(out.toString());
    return (node.isArray() ? node.get(0) : node).get("evaluation");
  }

  @Test
  void evaluate_defaultAndStatedActivation_recordWhichAndHow() throws IOException {
    JsonNode inferred = evaluation();
    JsonNode stated = evaluation("--activation", "logits");
    JsonNode probabilities = evaluation("--activation=PROBABILITIES");

    // The seed CNN ends in LOGISTIC: its output is a probability.
    assertThat(inferred.get("activation").asText(), is("PROBABILITIES"));
    assertThat(inferred.get("activationSource").asText(), is("INFERRED"));
    assertThat(stated.get("activation").asText(), is("LOGITS"));
    assertThat(stated.get("activationSource").asText(), is("STATED"));
    assertThat(probabilities.get("activationSource").asText(), is("STATED"));
    assertThat(probabilities.get("logLoss"), is(inferred.get("logLoss")));
    // A second sigmoid moves every probability: the loss is not the same.
    assertThat(stated.get("logLoss"), not(is(inferred.get("logLoss"))));
  }

  @Test
  void evaluate_unknownActivation_isAUsageError() {
    int code =
        run(
            "evaluate",
            "--activation",
            "softmax",
            "--data",
            fx.data.toString(),
            fx.baseline.toString());

    assertThat(code, is(ExitCode.USAGE));
    assertThat(err.toString(), containsString("--activation"));
  }
}
