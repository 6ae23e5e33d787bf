package io.github.modelbudget.harness.data;

import static io.github.modelbudget.harness.data.DataFiles.write;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabelsFileTest {

  @TempDir Path dir;

  @Test
  void read_oneNameALine_keepsTheOrderAndIgnoresTrailingBlankLines() {
    Path file = write(dir, "labels.txt", "background\r\ngoldfish\ngreat white shark\n\n  \n");

    assertThat(LabelsFile.read(file), contains("background", "goldfish", "great white shark"));
  }

  @Test
  void parse_byteOrderMarkAndSurroundingSpace_areNotPartOfTheNames() {
    byte[] bytes = "\uFEFF The Eiffel Tower \nThe Mona Lisa".getBytes(StandardCharsets.UTF_8);

    assertThat(
        LabelsFile.parse("labels.txt", bytes), contains("The Eiffel Tower", "The Mona Lisa"));
  }

  @Test
  void read_aNameTwice_isAnErrorNamingBothLines() {
    Path file = write(dir, "labels.txt", "cat\ndog\ncat\n");

    InvalidDataException e = assertThrows(InvalidDataException.class, () -> LabelsFile.read(file));

    assertThat(
        e.getMessage(),
        allOf(containsString(file.toString()), containsString("'cat'"), containsString("1 and 3")));
  }

  @Test
  void read_aBlankLineBetweenNames_isAnErrorBecauseItWouldShiftTheLabels() {
    Path file = write(dir, "labels.txt", "cat\n\ndog\n");

    InvalidDataException e = assertThrows(InvalidDataException.class, () -> LabelsFile.read(file));

    assertThat(e.getMessage(), containsString("line 2 is blank"));
  }

  @Test
  void read_emptyOrMissingOrNotUtf8_isAnInvalidDataException() {
    Path empty = write(dir, "empty.txt", "\n\n");
    Path latin1 = write(dir, "latin1.txt", new byte[] {'c', (byte) 0xe9, '\n'});

    assertThat(
        assertThrows(InvalidDataException.class, () -> LabelsFile.read(empty)).getMessage(),
        containsString("no class names"));
    assertThat(
        assertThrows(InvalidDataException.class, () -> LabelsFile.read(latin1)).getMessage(),
        containsString("UTF-8"));
    assertThat(
        assertThrows(InvalidDataException.class, () -> LabelsFile.read(dir.resolve("none.txt")))
            .getMessage(),
        containsString("none.txt"));
  }
}
