package io.github.modelbudget.harness.data;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Parses the Python literal in a {@code .npy} header: a dict of strings, integers, booleans, {@code
 * None} and tuples. It is a plain recursive-descent parser over that small grammar; nothing is ever
 * evaluated.
 */
final class PythonLiteralParser {

  /** Stands for Python's {@code None}, so that parsed maps never hold {@code null}. */
  static final Object NONE = new Object();

  private final String text;
  private int at;

  private PythonLiteralParser(String text) {
    this.text = text;
  }

  /**
   * Parses a literal that must be a dict.
   *
   * @param text the header text
   * @return the dict's entries in order, or a description of the first problem
   */
  static Result parseDict(String text) {
    PythonLiteralParser parser = new PythonLiteralParser(text);
    try {
      parser.skipSpace();
      if (!parser.peek('{')) {
        return Result.error("expected a dict starting with '{' at offset " + parser.at);
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> dict = (Map<String, Object>) parser.value(0);
      parser.skipSpace();
      if (parser.at != text.length()) {
        return Result.error("unexpected text after the dict at offset " + parser.at);
      }
      return new Result(Optional.of(dict), Optional.empty());
    } catch (SyntaxError e) {
      return Result.error(e.getMessage());
    }
  }

  /**
   * The outcome of a parse: the dict, or what was wrong.
   *
   * @param dict the parsed dict if the text was valid
   * @param error the first problem otherwise
   */
  record Result(Optional<Map<String, Object>> dict, Optional<String> error) {
    static Result error(String message) {
      return new Result(Optional.empty(), Optional.of(message));
    }
  }

  private static final int MAX_DEPTH = 8;

  private Object value(int depth) {
    if (depth > MAX_DEPTH) {
      throw new SyntaxError("nesting deeper than " + MAX_DEPTH + " at offset " + at);
    }
    skipSpace();
    if (at >= text.length()) {
      throw new SyntaxError("unexpected end of header, expected a value");
    }
    char c = text.charAt(at);
    if (c == '{') {
      return dict(depth);
    }
    if (c == '(' || c == '[') {
      return sequence(depth, c == '(' ? ')' : ']');
    }
    if (c == '\'' || c == '"') {
      return string();
    }
    if (c == '-' || c == '+' || Character.isDigit(c)) {
      return integer();
    }
    String word = word();
    return switch (word) {
      case "True" -> Boolean.TRUE;
      case "False" -> Boolean.FALSE;
      case "None" -> NONE;
      default ->
          throw new SyntaxError(
              "unexpected "
                  + (word.isEmpty() ? "'" + c + "'" : "'" + word + "'")
                  + " at offset "
                  + at);
    };
  }

  private Map<String, Object> dict(int depth) {
    at++;
    Map<String, Object> entries = new LinkedHashMap<>();
    while (true) {
      skipSpace();
      if (peek('}')) {
        at++;
        return entries;
      }
      Object key = value(depth + 1);
      if (!(key instanceof String name)) {
        throw new SyntaxError("dict keys must be strings, at offset " + at);
      }
      skipSpace();
      expect(':');
      Object value = value(depth + 1);
      if (entries.put(name, value) != null) {
        throw new SyntaxError("duplicate key '" + name + "'");
      }
      skipSpace();
      if (peek(',')) {
        at++;
      } else if (!peek('}')) {
        throw new SyntaxError("expected ',' or '}' at offset " + at);
      }
    }
  }

  private List<Object> sequence(int depth, char close) {
    at++;
    List<Object> items = new ArrayList<>();
    while (true) {
      skipSpace();
      if (peek(close)) {
        at++;
        return items;
      }
      items.add(value(depth + 1));
      skipSpace();
      if (peek(',')) {
        at++;
      } else if (!peek(close)) {
        throw new SyntaxError("expected ',' or '" + close + "' at offset " + at);
      }
    }
  }

  private String string() {
    char quote = text.charAt(at++);
    StringBuilder value = new StringBuilder();
    while (at < text.length()) {
      char c = text.charAt(at++);
      if (c == quote) {
        return value.toString();
      }
      if (c == '\\') {
        if (at >= text.length()) {
          break;
        }
        value.append(text.charAt(at++));
      } else {
        value.append(c);
      }
    }
    throw new SyntaxError("unterminated string");
  }

  private Long integer() {
    int start = at;
    if (text.charAt(at) == '-' || text.charAt(at) == '+') {
      at++;
    }
    while (at < text.length() && Character.isDigit(text.charAt(at))) {
      at++;
    }
    String digits = text.substring(start, at);
    // Headers written under Python 2 mark long integers with a trailing L, e.g. (3L, 4L).
    if (at < text.length() && text.charAt(at) == 'L') {
      at++;
    }
    try {
      return Long.parseLong(digits);
    } catch (NumberFormatException e) {
      throw new SyntaxError("'" + digits + "' is not an integer that fits in 64 bits");
    }
  }

  private String word() {
    int start = at;
    while (at < text.length() && Character.isLetter(text.charAt(at))) {
      at++;
    }
    return text.substring(start, at);
  }

  private void expect(char c) {
    if (!peek(c)) {
      throw new SyntaxError("expected '" + c + "' at offset " + at);
    }
    at++;
  }

  private boolean peek(char c) {
    return at < text.length() && text.charAt(at) == c;
  }

  private void skipSpace() {
    while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
      at++;
    }
  }

  private static final class SyntaxError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SyntaxError(String message) {
      super(message, null, false, false);
    }
  }
}
