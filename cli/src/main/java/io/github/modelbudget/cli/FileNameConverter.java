package io.github.modelbudget.cli;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Converts file arguments to paths, saying in plain words why a name cannot be used: most often a
 * non-ASCII name under a locale without UTF-8 ({@code LANG} unset), where the JVM has already lost
 * the name's characters before the command sees them.
 */
final class FileNameConverter implements ITypeConverter<Path> {

  @Override
  public Path convert(String value) {
    try {
      return Path.of(value);
    } catch (InvalidPathException e) {
      String encoding = System.getProperty("sun.jnu.encoding", "unknown");
      if (value.indexOf('\uFFFD') >= 0
          || !encoding.toUpperCase(java.util.Locale.ROOT).contains("UTF")) {
        throw new TypeConversionException(
            "the file name '"
                + value
                + "' has characters that this JVM cannot represent: the locale gives it the"
                + " file-name encoding "
                + encoding
                + (System.getenv("LANG") == null ? " (LANG is not set)" : "")
                + ". Run it under a UTF-8 locale, e.g. LANG=C.UTF-8 java -jar modelbudget.jar ...");
      }
      throw new TypeConversionException(
          "'"
              + value
              + "' is not a usable file name: "
              + e.getReason().toLowerCase(java.util.Locale.ROOT));
    }
  }
}
