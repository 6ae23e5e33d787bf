package io.github.modelbudget.harness.data;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One drawing of the Quick, Draw! {@code simplified} dataset: its strokes and the metadata that
 * comes with them. Only the strokes are required; the other fields are empty when a line lacks
 * them.
 *
 * @param word the category the player was asked to draw, e.g. {@code "cat"}
 * @param countryCode the player's two-letter country code
 * @param timestamp when the drawing was made, as written in the file
 * @param recognized whether the game's classifier recognised the drawing
 * @param keyId the drawing's unique id
 * @param strokes the pen strokes in drawing order; empty for an empty drawing
 */
public record QuickDrawDrawing(
    Optional<String> word,
    Optional<String> countryCode,
    Optional<String> timestamp,
    Optional<Boolean> recognized,
    Optional<String> keyId,
    List<Stroke> strokes) {

  /** Rejects nulls and copies the strokes. */
  public QuickDrawDrawing {
    Objects.requireNonNull(word, "word");
    Objects.requireNonNull(countryCode, "countryCode");
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(recognized, "recognized");
    Objects.requireNonNull(keyId, "keyId");
    strokes = List.copyOf(strokes);
  }

  /**
   * Creates a drawing that has strokes only.
   *
   * @param strokes the strokes
   * @return the drawing
   */
  public static QuickDrawDrawing ofStrokes(List<Stroke> strokes) {
    return new QuickDrawDrawing(
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        strokes);
  }
}
