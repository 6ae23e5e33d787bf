package io.github.modelbudget.harness.testing;

import io.github.modelbudget.harness.isolation.IsolatedBackend;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Deletes the crash reports ({@code modelbudget-hs_err_pid<pid>.log} in the folder {@link
 * IsolatedBackend#CRASH_REPORT_DIR_PROPERTY} names, where the isolated runtime's child JVMs write
 * them) that the test class's own crashes left: those written while it ran, by processes that have
 * ended. A crash nobody provoked on purpose is not a test of this kind, and its report stays.
 */
public final class DeletesChildCrashReports implements BeforeAllCallback, AfterAllCallback {

  private static final Pattern REPORT = Pattern.compile("modelbudget-hs_err_pid(\\d+)\\.log");
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(DeletesChildCrashReports.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    context.getStore(NAMESPACE).put("started", Instant.now());
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    Instant started = context.getStore(NAMESPACE).get("started", Instant.class);
    String dir = System.getProperty(IsolatedBackend.CRASH_REPORT_DIR_PROPERTY, "");
    Path tmp = Path.of(dir.isBlank() ? System.getProperty("java.io.tmpdir") : dir);
    try (DirectoryStream<Path> files = Files.newDirectoryStream(tmp, "modelbudget-hs_err_pid*")) {
      for (Path file : files) {
        Matcher m = REPORT.matcher(file.getFileName().toString());
        FileTime modified = Files.getLastModifiedTime(file);
        if (m.matches()
            && !modified.toInstant().isBefore(started.minusSeconds(1))
            && ProcessHandle.of(Long.parseLong(m.group(1))).isEmpty()) {
          Files.deleteIfExists(file);
        }
      }
    }
  }
}
