package io.github.modelbudget.harness.budget;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.github.modelbudget.harness.InputFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;

/**
 * A budget file: a default budget and overrides for variants by name or glob, in JSON or YAML.
 *
 * <pre>{@code
 * {
 *   "default": {
 *     "minAccuracy": 0.97,
 *     "maxAccuracyDrop": "0.5%",
 *     "maxZipSize": "8 kB",
 *     "alpha": 0.05,
 *     "significantDropsOnly": true
 *   },
 *   "variants": {
 *     "pruned*": { "minSizeReduction": "2x" },
 *     "quantized": { "maxLatencyP95": { "limit": "2 ms", "level": "warn" } }
 *   }
 * }
 * }</pre>
 *
 * <p>A limit is a number, a string with a unit ({@code "8 kB"}, {@code "7.5 KiB"}, {@code "45%"},
 * {@code "2x"}, {@code "2 ms"}), or an object {@code {"limit": …, "level": "warn"|"error"}}.
 * Besides the limits ({@link Metric#keys()}) a budget may set {@code level}, {@code alpha} and
 * {@code significantDropsOnly}, and {@code topK}, the {@code k} of {@code minTopKAccuracy} and
 * {@code maxTopKAccuracyDrop} (5 unless set). Unknown keys, duplicate keys and bad values are
 * errors naming the file and line.
 *
 * <p>The budget of a variant is the default, then every matching glob override in file order, then
 * the override with its exact name; each replaces limits one by one.
 *
 * @param origin the file the budget was read from, for messages
 * @param defaultBudget the budget of every variant
 * @param overrides the overrides, in file order
 */
public record BudgetFile(String origin, Budget defaultBudget, List<BudgetOverride> overrides) {

  /** The largest budget file read, 1 MiB; real ones are a few hundred bytes. */
  static final long MAX_FILE_BYTES = 1 << 20;

  private static final String LIMIT = "limit";
  private static final String LEVEL = "level";
  private static final String ALPHA = "alpha";
  private static final String SIGNIFICANT_DROPS_ONLY = "significantDropsOnly";
  private static final String TOP_K = "topK";

  /** Validates and copies. */
  public BudgetFile {
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(defaultBudget, "defaultBudget");
    overrides = List.copyOf(overrides);
  }

  /**
   * Reads a budget file: YAML if its name ends in {@code .yaml} or {@code .yml}, JSON otherwise.
   *
   * @param file the file
   * @return the budgets
   * @throws BudgetFileException if the file is missing, not a regular file, larger than 1 MiB, not
   *     UTF-8, or not a valid budget
   */
  public static BudgetFile read(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    boolean yaml = name.endsWith(".yaml") || name.endsWith(".yml");
    String text =
        InputFiles.readSmallText(
            file,
            MAX_FILE_BYTES,
            (problem, cause) ->
                new BudgetFileException(file.toString(), 0, "cannot read: " + problem, cause));
    return yaml ? parseYaml(file.toString(), text) : parseJson(file.toString(), text);
  }

  /**
   * Parses a budget written in JSON.
   *
   * @param origin the file or resource it came from, for messages
   * @param json the text
   * @return the budgets
   * @throws BudgetFileException if it is not a valid budget
   */
  public static BudgetFile parseJson(String origin, String json) {
    return parse(origin, new JsonFactory(), json);
  }

  /**
   * Parses a budget written in YAML, with the same keys as JSON.
   *
   * @param origin the file or resource it came from, for messages
   * @param yaml the text
   * @return the budgets
   * @throws BudgetFileException if it is not a valid budget
   */
  public static BudgetFile parseYaml(String origin, String yaml) {
    return parse(origin, new YAMLFactory(), yaml);
  }

  /**
   * Returns the budget of one variant: the default with the matching overrides applied.
   *
   * @param variant the variant's name
   * @return its budget
   */
  public Budget budgetFor(String variant) {
    Budget budget = defaultBudget;
    for (BudgetOverride override : overrides) {
      if (override.isGlob() && applies(override, variant)) {
        budget = budget.apply(override);
      }
    }
    for (BudgetOverride override : overrides) {
      if (!override.isGlob() && applies(override, variant)) {
        budget = budget.apply(override);
      }
    }
    return budget;
  }

  /**
   * Returns this file with every budget's top-k limits at one {@code k}, the file's own {@code
   * topK} settings replaced (a command line's {@code --top-k}).
   *
   * @param topK at least 1
   * @return the new budget file
   */
  public BudgetFile withTopK(int topK) {
    Budget budget = defaultBudget.withTopK(topK);
    List<BudgetOverride> replaced = new ArrayList<>(overrides.size());
    for (BudgetOverride o : overrides) {
      replaced.add(
          new BudgetOverride(
              o.pattern(),
              o.limits(),
              o.level(),
              o.alpha(),
              o.significantDropsOnly(),
              o.topK().isPresent() ? OptionalInt.of(topK) : OptionalInt.empty()));
    }
    return new BudgetFile(origin, budget, replaced);
  }

  /**
   * Checks that every variant entry of the file names or matches at least one of the models, so
   * that a misspelled name or a glob that matches nothing is an error instead of a budget that
   * checks nothing.
   *
   * @param models the names of the models the file is applied to
   * @throws BudgetFileException naming each entry that matches no model, and the models' names
   */
  public void requireEveryEntryMatches(List<String> models) {
    List<String> unmatched =
        overrides.stream()
            .filter(o -> models.stream().noneMatch(name -> applies(o, name)))
            .map(BudgetOverride::pattern)
            .toList();
    if (!unmatched.isEmpty()) {
      throw new BudgetFileException(
          origin,
          0,
          (unmatched.size() == 1 ? "the variant entry '" : "the variant entries '")
              + String.join("', '", unmatched)
              + (unmatched.size() == 1 ? "' matches" : "' match")
              + " no model; the models are "
              + models
              + ": fix the name or the glob, or remove the entry",
          null);
    }
  }

  private static boolean applies(BudgetOverride override, String variant) {
    return override.isGlob() ? override.matches(variant) : override.pattern().equals(variant);
  }

  private static BudgetFile parse(String origin, JsonFactory factory, String text) {
    try (JsonParser parser = factory.createParser(text)) {
      return new Reader(origin, parser).file();
    } catch (JsonProcessingException e) {
      int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
      throw new BudgetFileException(origin, line, "malformed: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new BudgetFileException(origin, 0, "cannot read: " + InputFiles.describe(e), e);
    }
  }

  /** Walks the token stream, so that every error knows its line. */
  private static final class Reader {
    private final String origin;
    private final JsonParser parser;

    Reader(String origin, JsonParser parser) {
      this.origin = origin;
      this.parser = parser;
    }

    BudgetFile file() throws IOException {
      JsonToken first = parser.nextToken();
      if (first == null) {
        throw error("the file is empty: expected an object with \"default\" and \"variants\"");
      }
      expect(JsonToken.START_OBJECT, "an object with \"default\" and \"variants\"");
      BudgetOverride defaults = emptyOverride("default");
      List<BudgetOverride> overrides = new ArrayList<>();
      Set<String> seen = new HashSet<>();
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String key = parser.currentName();
        checkUnique(seen, key);
        parser.nextToken();
        switch (key) {
          case "default" -> defaults = overrideFor("default");
          case "variants" -> {
            expect(JsonToken.START_OBJECT, "an object of variant names or globs to budgets");
            Set<String> patterns = new HashSet<>();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
              String pattern = parser.currentName();
              checkUnique(patterns, pattern);
              parser.nextToken();
              overrides.add(overrideFor(pattern));
            }
          }
          default ->
              throw error(
                  "unknown key '" + key + "' at the top level; expected 'default' or 'variants'");
        }
      }
      if (parser.nextToken() != null) {
        throw error(
            "more after the budget's closing brace (a second YAML document after '---', or"
                + " trailing text): a budget file holds one budget object");
      }
      Budget budget = Budget.none().apply(defaults);
      return new BudgetFile(origin, budget, overrides);
    }

    private BudgetOverride overrideFor(String pattern) throws IOException {
      expect(JsonToken.START_OBJECT, "a budget object for '" + pattern + "'");
      Map<Metric, Limit> limits = new EnumMap<>(Metric.class);
      Optional<Level> level = Optional.empty();
      OptionalDouble alpha = OptionalDouble.empty();
      Optional<Boolean> significantOnly = Optional.empty();
      OptionalInt topK = OptionalInt.empty();
      Set<String> seen = new HashSet<>();
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String key = parser.currentName();
        checkUnique(seen, key);
        parser.nextToken();
        switch (key) {
          case LEVEL -> level = Optional.of(level(scalar(key)));
          case ALPHA -> alpha = OptionalDouble.of(alpha(scalar(key)));
          case SIGNIFICANT_DROPS_ONLY -> significantOnly = Optional.of(bool(key));
          case TOP_K -> topK = OptionalInt.of(topK(scalar(key)));
          default -> {
            Metric metric =
                Metric.byKey(key)
                    .orElseThrow(
                        () ->
                            error(
                                "unknown key '"
                                    + key
                                    + "' in the budget of '"
                                    + pattern
                                    + "'; known keys: "
                                    + String.join(", ", Metric.keys())
                                    + ", "
                                    + LEVEL
                                    + ", "
                                    + ALPHA
                                    + ", "
                                    + SIGNIFICANT_DROPS_ONLY
                                    + ", "
                                    + TOP_K));
            limits.put(metric, limit(metric));
          }
        }
      }
      return new BudgetOverride(pattern, limits, level, alpha, significantOnly, topK);
    }

    private Limit limit(Metric metric) throws IOException {
      if (parser.currentToken() != JsonToken.START_OBJECT) {
        return parseLimit(metric, scalar(metric.key()));
      }
      Optional<Limit> limit = Optional.empty();
      Optional<Level> level = Optional.empty();
      Set<String> seen = new HashSet<>();
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String key = parser.currentName();
        checkUnique(seen, key);
        parser.nextToken();
        switch (key) {
          case LIMIT -> limit = Optional.of(parseLimit(metric, scalar(metric.key())));
          case LEVEL -> level = Optional.of(level(scalar(key)));
          default ->
              throw error(
                  "unknown key '"
                      + key
                      + "' in the limit '"
                      + metric.key()
                      + "'; expected 'limit' and optionally 'level'");
        }
      }
      Limit found =
          limit.orElseThrow(() -> error("the limit '" + metric.key() + "' has no 'limit' value"));
      return level.map(found::withLevel).orElse(found);
    }

    private Limit parseLimit(Metric metric, String text) {
      try {
        return Limit.parse(metric, text);
      } catch (IllegalArgumentException e) {
        throw error("bad value for '" + metric.key() + "': " + e.getMessage());
      }
    }

    private Level level(String text) {
      try {
        return Level.parse(text);
      } catch (IllegalArgumentException e) {
        throw error(e.getMessage());
      }
    }

    private double alpha(String text) {
      try {
        double alpha = Double.parseDouble(text);
        if (alpha > 0 && alpha < 1) {
          return alpha;
        }
      } catch (NumberFormatException e) {
        // reported below with the line
      }
      throw error("alpha must be a number in (0, 1) but is '" + text + "'");
    }

    private int topK(String text) {
      try {
        int k = Integer.parseInt(text.trim());
        if (k >= 1) {
          return k;
        }
      } catch (NumberFormatException e) {
        // reported below with the line
      }
      throw error("topK must be a whole number of at least 1 but is '" + text + "'");
    }

    private boolean bool(String key) throws IOException {
      JsonToken token = parser.currentToken();
      if (token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE) {
        return token == JsonToken.VALUE_TRUE;
      }
      throw error("'" + key + "' must be true or false but is '" + parser.getText() + "'");
    }

    private String scalar(String key) throws IOException {
      JsonToken token = parser.currentToken();
      if (token == JsonToken.VALUE_STRING
          || token == JsonToken.VALUE_NUMBER_INT
          || token == JsonToken.VALUE_NUMBER_FLOAT) {
        return parser.getText();
      }
      throw error("'" + key + "' must be a number or a string but is " + describe(token));
    }

    private void expect(JsonToken token, String what) throws IOException {
      if (parser.currentToken() != token) {
        throw error("expected " + what + " but found " + describe(parser.currentToken()));
      }
    }

    private void checkUnique(Set<String> seen, String key) {
      if (!seen.add(key)) {
        throw error("duplicate key '" + key + "'");
      }
    }

    private String describe(JsonToken token) throws IOException {
      if (token == null) {
        return "the end of the file";
      }
      return switch (token) {
        case START_OBJECT -> "an object";
        case START_ARRAY -> "an array";
        case VALUE_NULL -> "null";
        default -> "'" + parser.getText() + "'";
      };
    }

    private BudgetFileException error(String problem) {
      return new BudgetFileException(
          origin, parser.currentTokenLocation().getLineNr(), problem, null);
    }
  }

  private static BudgetOverride emptyOverride(String pattern) {
    return new BudgetOverride(
        pattern, Map.of(), Optional.empty(), OptionalDouble.empty(), Optional.empty());
  }
}
