package io.github.modelbudget.reports;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;

/** The JSON writers of the reports: pretty for files, HTML-safe for data inside a page. */
final class Json {

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .addModule(new Jdk8Module())
          .defaultPropertyInclusion(
              JsonInclude.Value.construct(
                  JsonInclude.Include.NON_ABSENT, JsonInclude.Include.NON_ABSENT))
          .build();

  private static final ObjectWriter PRETTY =
      MAPPER.writer().with(SerializationFeature.INDENT_OUTPUT);

  private static final ObjectWriter HTML_SAFE = MAPPER.writer().with(new HtmlSafeEscapes());

  private Json() {}

  /** Serialises a value as indented JSON. */
  static String pretty(Object value) {
    try {
      return PRETTY.writeValueAsString(value) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("report values are always serialisable", e);
    }
  }

  /**
   * Serialises a value as JSON that can sit inside an HTML {@code <script>} element: {@code <},
   * {@code >} and {@code &} are written as {@code \}{@code u003C} etc., so a name holding {@code
   * </script>} cannot end the element early.
   */
  static String htmlSafe(Object value) {
    try {
      return HTML_SAFE.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("report values are always serialisable", e);
    }
  }

  /** Escapes the characters that mean something to an HTML parser, and the JSON standard ones. */
  private static final class HtmlSafeEscapes extends CharacterEscapes {

    private static final long serialVersionUID = 1L;

    private final int[] escapes;

    HtmlSafeEscapes() {
      escapes = standardAsciiEscapesForJSON();
      escapes['<'] = CharacterEscapes.ESCAPE_STANDARD;
      escapes['>'] = CharacterEscapes.ESCAPE_STANDARD;
      escapes['&'] = CharacterEscapes.ESCAPE_STANDARD;
    }

    @Override
    public int[] getEscapeCodesForAscii() {
      return escapes.clone();
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
      return null;
    }
  }
}
