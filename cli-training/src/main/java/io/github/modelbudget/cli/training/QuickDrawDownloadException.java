package io.github.modelbudget.cli.training;

import io.github.modelbudget.harness.ModelBudgetException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Thrown when a Quick, Draw! class file cannot be downloaded or is not what the server promised.
 * The message names the URL, what was expected and what was found. When the transfer broke off, the
 * bytes received so far are kept in a {@code .part} file that the next download resumes from.
 */
final class QuickDrawDownloadException extends ModelBudgetException {

  private static final long serialVersionUID = 1L;

  // A String, not a Path: exceptions are serializable and Path is not.
  private final String keptPartial;

  QuickDrawDownloadException(String message) {
    this(message, null, null);
  }

  QuickDrawDownloadException(String message, Throwable cause) {
    this(message, null, cause);
  }

  private QuickDrawDownloadException(String message, String keptPartial, Throwable cause) {
    super(message, cause);
    this.keptPartial = keptPartial;
  }

  /**
   * Creates the exception for a transfer that broke off, keeping its partial file for a resume.
   *
   * @param message what went wrong
   * @param partial the partial file that was kept
   * @param cause the underlying error
   * @return the exception
   */
  static QuickDrawDownloadException resumable(String message, Path partial, Throwable cause) {
    return new QuickDrawDownloadException(message, partial.toString(), cause);
  }

  /**
   * Returns the partial file kept for the next download to resume from, if any.
   *
   * @return the kept {@code .part} file, or empty when nothing was kept
   */
  Optional<Path> keptPartial() {
    return Optional.ofNullable(keptPartial).map(Path::of);
  }
}
