package io.github.modelbudget.harness.data;

import io.github.modelbudget.harness.InputFiles;
import io.github.modelbudget.harness.format.AssociatedFiles;
import io.github.modelbudget.harness.format.InvalidModelException;
import io.github.modelbudget.harness.format.TfliteModel;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A labels file as TFLite classifiers ship it ({@code labels.txt}): one class name a line, line
 * {@code i} naming the class of output index {@code i}.
 *
 * <p>Lines end in {@code \n} or {@code \r\n}; a UTF-8 byte order mark is skipped; names are kept as
 * written except for surrounding white space. Blank lines at the end are ignored; a blank line
 * before the last name, or a name given twice, is an error, because either would shift or merge the
 * class indices silently.
 */
public final class LabelsFile {

  /** The largest labels file read, 64 MiB: a million long names. */
  public static final long MAX_BYTES = 64L << 20;

  private LabelsFile() {}

  /**
   * Reads a labels file.
   *
   * @param file the file
   * @return the class names in index order, at least one
   * @throws InvalidDataException if the file cannot be read, is not UTF-8, has no names, a blank
   *     line between names, or a name twice
   */
  public static List<String> read(Path file) {
    Objects.requireNonNull(file, "file");
    String text =
        InputFiles.readSmallText(
            file,
            MAX_BYTES,
            (problem, cause) ->
                new InvalidDataException(
                    file.toString(), "cannot read the labels file: " + problem, cause));
    return parse(file.toString(), text);
  }

  /**
   * Reads the labels file embedded in a model's TFLite metadata ({@link
   * AssociatedFiles#outputLabels(TfliteModel)}), as the TFLite Support metadata writer stores it.
   *
   * @param model the model
   * @return the class names in output order, empty if the model's metadata names no labels file
   * @throws InvalidModelException if the metadata does not decode or the file is missing from the
   *     model's archive
   * @throws InvalidDataException if the file is not a valid labels file
   */
  public static Optional<List<String>> ofModel(TfliteModel model) {
    Objects.requireNonNull(model, "model");
    return AssociatedFiles.outputLabels(model)
        .map(
            entry ->
                parse(
                    model.origin() + " (metadata file " + entry.name() + ")",
                    AssociatedFiles.read(model, entry)));
  }

  /**
   * Parses the bytes of a labels file.
   *
   * @param origin where the bytes come from, for messages
   * @param bytes the file's content
   * @return the class names in index order, at least one
   * @throws InvalidDataException as {@link #read(Path)} does
   */
  public static List<String> parse(String origin, byte[] bytes) {
    Objects.requireNonNull(origin, "origin");
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
    } catch (CharacterCodingException e) {
      throw new InvalidDataException(
          origin, "expected a UTF-8 labels file (one class name a line) but it is not UTF-8", e);
    }
    return parse(origin, text);
  }

  /**
   * Parses the text of a labels file.
   *
   * @param origin where the text comes from, for messages
   * @param text the file's content
   * @return the class names in index order, at least one
   * @throws InvalidDataException as {@link #read(Path)} does
   */
  public static List<String> parse(String origin, String text) {
    Objects.requireNonNull(origin, "origin");
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    String[] lines = text.split("\r?\n", -1);
    int last = lines.length - 1;
    while (last >= 0 && lines[last].isBlank()) {
      last--;
    }
    if (last < 0) {
      throw new InvalidDataException(
          origin, "the labels file has no class names: expected one name a line");
    }
    List<String> names = new ArrayList<>();
    Map<String, Integer> lineOf = new HashMap<>();
    for (int i = 0; i <= last; i++) {
      String name = lines[i].strip();
      if (name.isEmpty()) {
        throw new InvalidDataException(
            origin,
            "line "
                + (i + 1)
                + " is blank but names follow it: every line up to the last name must name a"
                + " class (line n names label n - 1)");
      }
      Integer previous = lineOf.putIfAbsent(name, i + 1);
      if (previous != null) {
        throw new InvalidDataException(
            origin,
            "class '" + name + "' is named twice, on lines " + previous + " and " + (i + 1));
      }
      names.add(name);
    }
    return List.copyOf(names);
  }
}
