package io.github.modelbudget.harness.eval;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.modelbudget.harness.results.InvalidRunRecordException;
import io.github.modelbudget.harness.results.RunRecords;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A confusion matrix in JSON: every cell up to 100 classes, only the cells that are not zero above
 * (a 1001-class matrix), either form read back to the same matrix, and a malformed one refused with
 * the reason.
 */
class ConfusionMatrixJsonTest {

  private final ObjectMapper mapper = new ObjectMapper();

  /** {@code k} classes, {@code n} samples: mostly right, the rest predicted as a neighbour. */
  private static ConfusionMatrix matrix(int k, int n) {
    SplittableRandom random = new SplittableRandom(k);
    int[] labels = new int[n];
    int[] predictions = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = random.nextInt(k);
      predictions[i] = random.nextInt(4) == 0 ? (labels[i] + 1) % k : labels[i];
    }
    List<String> names = IntStream.range(0, k).mapToObj(c -> "class " + c).toList();
    return ConfusionMatrix.of(names, labels, predictions);
  }

  @Test
  void hundredClasses_areWrittenWithEveryCell_andReadBack() throws IOException {
    ConfusionMatrix m = matrix(100, 2000);

    String json = mapper.writeValueAsString(m);
    JsonNode node = mapper.readTree(json);

    assertThat(node.get("counts").size(), is(100));
    assertThat(node.get("counts").get(0).size(), is(100));
    assertThat(node.has("cells"), is(false));
    assertThat(mapper.readValue(json, ConfusionMatrix.class), is(m));
  }

  @Test
  void thousandAndOneClasses_listOnlyTheCellsThatAreNotZero_andReadBackEqual() throws IOException {
    ConfusionMatrix m = matrix(1001, 5000);
    long nonZero = m.counts().stream().flatMap(List::stream).filter(count -> count != 0).count();

    String json = mapper.writeValueAsString(m);
    JsonNode node = mapper.readTree(json);

    assertThat(node.has("counts"), is(false));
    assertThat((long) node.get("cells").size(), is(nonZero));
    JsonNode first = node.get("cells").get(0);
    assertThat(m.count(first.get(0).asInt(), first.get(1).asInt()), is(first.get(2).asLong()));
    assertThat(mapper.readValue(json, ConfusionMatrix.class), is(m));
    // Every cell written would be at least 2 bytes ("0,") a cell: two million for 1001 classes.
    assertThat(json.length(), lessThan(200_000));
  }

  @Test
  void denseFormOfAThousandAndOneClasses_asOlderRecordsWroteIt_isRead() throws IOException {
    ConfusionMatrix m = matrix(1001, 3000);
    String dense =
        "{\"classNames\":"
            + mapper.writeValueAsString(m.classNames())
            + ",\"counts\":"
            + mapper.writeValueAsString(m.counts())
            + "}";

    assertThat(mapper.readValue(dense, ConfusionMatrix.class), is(m));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"classNames\":[\"a\",\"b\"],\"cells\":[[0,2,1]]}|class must be a whole number in [0, 2)",
        "{\"classNames\":[\"a\",\"b\"],\"cells\":[[0,1]]}|every cell must be [actual, predicted",
        "{\"classNames\":[\"a\",\"b\"],\"cells\":[[0,1,-3]]}|a count must be a whole number",
        "{\"classNames\":[\"a\",\"b\"],\"cells\":[[0,1,1],[0,1,2]]}|two cells are [0, 1]",
        "{\"classNames\":[\"a\",\"b\"]}|needs either counts or cells",
        "{\"classNames\":[\"a\",\"b\"],\"counts\":[[1,2]]}|2 classes need as many rows",
        "{\"classNames\":[\"a\"],\"counts\":[[1]],\"rows\":1}|has no field 'rows'",
        "{\"classNames\":[1],\"counts\":[[1]]}|classNames must be strings"
      })
  void malformedMatrix_isAMappingErrorWithTheReason(String jsonAndReason) {
    String[] parts = jsonAndReason.split("\\|");

    JsonMappingException e =
        assertThrows(
            JsonMappingException.class, () -> mapper.readValue(parts[0], ConfusionMatrix.class));

    assertThat(e.getOriginalMessage(), containsString(parts[1]));
  }

  @Test
  void malformedCellInARunRecord_isAnInvalidRunRecordNamingTheFileAndReason() throws IOException {
    String record;
    try (InputStream in =
        getClass()
            .getResourceAsStream(
                "/io/github/modelbudget/harness/fuzz/RunRecordFuzzTestInputs/"
                    + "runRecord_fromJson_acceptsOrRejectsTyped/run.json")) {
      record = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    String broken =
        record.replaceFirst(
            "\"counts\" : \\[ \\[ 2, 3 \\], \\[ 4, 3 \\] \\]", "\"cells\" : [ [ 0, 7, 2 ] ]");
    assertThat(broken, not(is(record)));

    InvalidRunRecordException e =
        assertThrows(
            InvalidRunRecordException.class, () -> RunRecords.fromJson("broken.json", broken));

    assertThat(
        e.getMessage(), allOf(containsString("broken.json"), containsString("in [0, 2) but is 7")));
    // The record as it was reads, with its dense matrix.
    assertThat(
        RunRecords.fromJson("run.json", record)
            .variants()
            .get(0)
            .evaluation()
            .confusionMatrix()
            .count(1, 0),
        is(4L));
  }
}
