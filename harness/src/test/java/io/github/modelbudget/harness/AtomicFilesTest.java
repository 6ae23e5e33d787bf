package io.github.modelbudget.harness;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

  @TempDir Path dir;

  private static boolean posix() {
    return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  }

  @Test
  void write_newFile_hasTheContentAndOrdinaryPermissions() throws IOException {
    assumeTrue(posix(), "permissions are checked on POSIX file systems only");
    Path file = dir.resolve("a/b/record.json");

    AtomicFiles.writeString(file, "{}\n");

    assertThat(Files.readString(file), is("{}\n"));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)), is("rw-r--r--"));
  }

  @Test
  void write_existingFile_keepsItsPermissionsAndLeavesNoTemporaryFile() throws IOException {
    assumeTrue(posix(), "permissions are checked on POSIX file systems only");
    Path file = dir.resolve("model.tflite");
    Files.write(file, new byte[] {1});
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw----"));

    AtomicFiles.write(file, new byte[] {2, 3});

    assertThat(Files.readAllBytes(file), is(new byte[] {2, 3}));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)), is("rw-rw----"));
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()).toList(), contains("model.tflite"));
    }
  }

  @Test
  void write_parentIsAFile_failsNamingTheTarget() throws IOException {
    Path notADirectory = Files.writeString(dir.resolve("plain"), "x");
    Path target = notADirectory.resolve("report.html");

    UncheckedIOException e =
        assertThrows(UncheckedIOException.class, () -> AtomicFiles.writeString(target, "<html>"));

    assertThat(e.getMessage(), containsString(target.toString()));
    assertThat(Files.readString(notADirectory), is("x"));
  }
}
