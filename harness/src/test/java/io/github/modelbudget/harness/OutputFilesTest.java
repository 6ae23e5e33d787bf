package io.github.modelbudget.harness;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where atomic writes land and what they leave: through symbolic links, into streams, as sets, and
 * after a process that was killed (issue: a symlinked output became a regular file; {@code report
 * --markdown /dev/stdout} replaced the link; a kill left a hidden temp file or a new run record
 * beside an old report).
 */
class OutputFilesTest {

  @TempDir Path dir;

  private static List<String> names(Path directory) throws IOException {
    try (Stream<Path> listing = Files.list(directory)) {
      return listing.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  /** A pid no process has: one that has just ended. */
  private static long deadPid() throws IOException, InterruptedException {
    Process done = new ProcessBuilder("true").start();
    done.waitFor();
    assumeTrue(ProcessHandle.of(done.pid()).isEmpty(), "the pid is still taken");
    return done.pid();
  }

  @Nested
  class ThroughLinks {

    @Test
    void linkToAFile_isWrittenThrough_andStaysALink() throws IOException {
      Path real =
          Files.writeString(Files.createDirectories(dir.resolve("real")).resolve("r.md"), "old");
      Path link = Files.createSymbolicLink(dir.resolve("summary.md"), Path.of("real/r.md"));

      AtomicFiles.writeString(link, "new");

      assertThat(Files.isSymbolicLink(link), is(true));
      assertThat(Files.readString(real), is("new"));
      assertThat(
          "no temporary file beside the target", names(real.getParent()), is(List.of("r.md")));
    }

    @Test
    void danglingLink_createsItsTarget_andStaysALink() throws IOException {
      Path link = Files.createSymbolicLink(dir.resolve("out.html"), dir.resolve("made.html"));

      AtomicFiles.writeString(link, "page");

      assertThat(Files.isSymbolicLink(link), is(true));
      assertThat(Files.readString(dir.resolve("made.html")), is("page"));
    }

    @Test
    void linkToACharacterDevice_isWrittenInto_neitherReplaced() throws IOException {
      Path devNull = Path.of("/dev/null");
      assumeTrue(Files.exists(devNull) && !Files.isRegularFile(devNull), "no /dev/null here");
      Path link = Files.createSymbolicLink(dir.resolve("discard.md"), devNull);

      AtomicFiles.writeString(link, "gone");

      assertThat(Files.isSymbolicLink(link), is(true));
      assertThat(Files.isRegularFile(devNull), is(false));
      assertThat(names(dir), is(List.of("discard.md")));
    }

    @Test
    void directory_isRefused_namingIt() throws IOException {
      Path target = Files.createDirectory(dir.resolve("report.html"));

      UncheckedIOException e =
          assertThrows(UncheckedIOException.class, () -> AtomicFiles.writeString(target, "x"));

      assertThat(
          e.getMessage(), allOf(containsString(target.toString()), containsString("directory")));
    }

    @Test
    void readOnlyDirectory_saysPermissionDenied_andNamesTheTargetNotTheTempFile()
        throws IOException {
      assumeTrue(
          FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "POSIX only");
      Path locked = Files.createDirectory(dir.resolve("locked"));
      Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-xr-xr-x"));
      try {
        assumeTrue(!Files.isWritable(locked), "running as a user who may write anywhere (root)");
        Path target = locked.resolve("run.json");

        UncheckedIOException e =
            assertThrows(UncheckedIOException.class, () -> AtomicFiles.writeString(target, "{}"));

        assertThat(
            e.getMessage(),
            allOf(
                containsString("cannot write " + target + ": permission denied"),
                not(containsString("modelbudget-partial"))));
      } finally {
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwxr-xr-x"));
      }
    }
  }

  @Test
  void permissionDeniedOnTheTempFile_namesTheTargetAndTheDirectory() {
    // As root no permission bits deny anything, so the message is checked on the error itself.
    Path target = dir.resolve("locked/run.json");
    Path temp = dir.resolve("locked/.run.json" + AtomicFiles.PARTIAL + "42-x");

    UncheckedIOException e =
        AtomicFiles.failure(target, new java.nio.file.AccessDeniedException(temp.toString()));

    assertThat(
        e.getMessage(),
        is(
            "cannot write "
                + target
                + ": permission denied (cannot create a file in "
                + temp.getParent()
                + ")"));
  }

  @Nested
  class Sets {

    @Test
    void writeAll_whenOneFileCannotBeWritten_replacesNone() throws IOException {
      Path record = Files.writeString(dir.resolve("run.json"), "old record");
      Path blocked = Files.createDirectory(dir.resolve("report.html"));
      Map<Path, byte[]> files = new LinkedHashMap<>();
      files.put(record, "new record".getBytes(StandardCharsets.UTF_8));
      files.put(blocked, "new page".getBytes(StandardCharsets.UTF_8));

      assertThrows(UncheckedIOException.class, () -> AtomicFiles.writeAll(files));

      assertThat(Files.readString(record), is("old record"));
      assertThat(names(dir), is(List.of("report.html", "run.json")));
    }

    @Test
    void abandonedTempFileOfAKilledProcess_isDeletedByTheNextWrite() throws Exception {
      Path abandoned =
          Files.writeString(
              dir.resolve(".report.html" + AtomicFiles.PARTIAL + deadPid() + "-x1"), "half");
      Path live =
          Files.writeString(
              dir.resolve(
                  ".report.html" + AtomicFiles.PARTIAL + ProcessHandle.current().pid() + "-x2"),
              "being written");

      AtomicFiles.writeString(dir.resolve("report.html"), "page");

      assertThat(Files.exists(abandoned), is(false));
      assertThat("a running process's temp file is left alone", Files.exists(live), is(true));
    }

    @Test
    void stagedDirectory_notCommitted_leavesTheOldSetAsItWas() throws IOException {
      Path out = Files.createDirectory(dir.resolve("out"));
      Files.writeString(out.resolve("run.json"), "old record");
      Files.writeString(out.resolve("report.html"), "old page");

      try (StagedDirectory staged = StagedDirectory.in(out)) {
        Files.writeString(staged.path().resolve("run.json"), "new record");
        // stopped here: the report was never written
      }

      assertThat(names(out), is(List.of("report.html", "run.json")));
      assertThat(Files.readString(out.resolve("run.json")), is("old record"));
    }

    @Test
    void stagedDirectory_committed_replacesTheWholeSet_andLeavesNoStaging() throws IOException {
      Path out = Files.createDirectory(dir.resolve("out"));
      Files.writeString(out.resolve("run.json"), "old record");
      Files.writeString(out.resolve("keep.txt"), "not ours");

      try (StagedDirectory staged = StagedDirectory.in(out)) {
        Files.writeString(staged.path().resolve("run.json"), "new record");
        Files.writeString(staged.path().resolve("report.html"), "new page");
        staged.commit();
      }

      assertThat(names(out), is(List.of("keep.txt", "report.html", "run.json")));
      assertThat(Files.readString(out.resolve("run.json")), is("new record"));
      assertThat(
          PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("report.html"))),
          is("rw-r--r--"));
    }

    @Test
    void stagedDirectoryOfAKilledProcess_isDeletedByTheNextRun() throws Exception {
      Path out = Files.createDirectory(dir.resolve("out"));
      Path abandoned = Files.createDirectory(out.resolve(AtomicFiles.PARTIAL + deadPid() + "-x"));
      Files.writeString(abandoned.resolve("run.json"), "half a run");

      try (StagedDirectory staged = StagedDirectory.in(out)) {
        assertThat(Files.exists(abandoned), is(false));
      }

      assertThat(names(out), is(empty()));
    }
  }
}
