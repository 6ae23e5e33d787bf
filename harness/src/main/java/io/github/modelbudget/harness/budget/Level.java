package io.github.modelbudget.harness.budget;

import java.util.Locale;

/** How much a violated limit matters: a warning is reported, an error fails the check. */
public enum Level {
  /** Reported, but the check still passes. */
  WARN,
  /** Fails the check (and the test, or the CLI with a non-zero exit). */
  ERROR;

  /**
   * Returns the name used in budget files and messages.
   *
   * @return {@code "warn"} or {@code "error"}
   */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses a level as written in budget files.
   *
   * @param text {@code warn} or {@code error}, in any case
   * @return the level
   * @throws IllegalArgumentException for anything else
   */
  public static Level parse(String text) {
    for (Level level : values()) {
      if (level.key().equalsIgnoreCase(text.trim())) {
        return level;
      }
    }
    throw new IllegalArgumentException("level must be 'warn' or 'error' but was '" + text + "'");
  }
}
