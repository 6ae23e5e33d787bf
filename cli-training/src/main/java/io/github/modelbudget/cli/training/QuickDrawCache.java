package io.github.modelbudget.cli.training;

import java.nio.file.Path;

/** Where {@code demo --download} keeps the official class files when no folder is given. */
final class QuickDrawCache {

  private QuickDrawCache() {}

  /**
   * Returns {@code $XDG_CACHE_HOME/modelbudget/quickdraw}, or {@code
   * ~/.cache/modelbudget/quickdraw} when the variable is unset, as the XDG base directory
   * convention has it.
   *
   * @return the folder, which may not exist yet
   */
  static Path defaultFolder() {
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path cacheHome =
        xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()
            ? Path.of(xdg)
            : Path.of(System.getProperty("user.home"), ".cache");
    return cacheHome.resolve("modelbudget").resolve("quickdraw");
  }
}
