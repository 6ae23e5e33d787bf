package io.github.modelbudget.cli.training;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.modelbudget.cli.ProgressLine;
import io.github.modelbudget.harness.ModelBudgetException;
import io.github.modelbudget.harness.data.Dataset;
import io.github.modelbudget.harness.data.Datasets;
import io.github.modelbudget.harness.data.LoadOptions;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Downloads from an HTTP server on the loopback interface that the test starts and scripts: it
 * serves generated {@code numpy_bitmap} files with {@code Range} support and {@code x-goog-hash}
 * headers, as Cloud Storage does, and can cut a transfer, ignore ranges or lie about the object.
 */
class QuickDrawDownloaderTest {

  private static final String EIFFEL = "The Eiffel Tower";
  private static final int ROWS = 300;

  @TempDir Path root;

  private Path cache;
  private FakeBucket bucket;
  private QuickDrawDownloader downloader;
  private final List<long[]> progress = new CopyOnWriteArrayList<>();
  private byte[] eiffel;

  @BeforeEach
  void startServer() throws IOException {
    cache = root.resolve("cache");
    eiffel = npy(ROWS, 8);
    bucket = new FakeBucket();
    bucket.objects.put(EIFFEL, eiffel);
    downloader =
        new QuickDrawDownloader(
            HttpClient.newHttpClient(),
            bucket.base(),
            cache,
            (name, done, total) -> progress.add(new long[] {done, total}));
  }

  @AfterEach
  void stopServer() {
    bucket.close();
  }

  @Test
  void fetch_freshClass_downloadsTheExactBytesWithNoPartLeft() throws IOException {
    Path file = downloader.fetch(EIFFEL);

    assertThat(file, is(cache.resolve("The Eiffel Tower.npy")));
    assertThat(Arrays.equals(Files.readAllBytes(file), eiffel), is(true));
    assertThat(Files.exists(cache.resolve("The Eiffel Tower.npy.part")), is(false));
    assertThat(bucket.rawPaths, is(List.of("/numpy_bitmap/The%20Eiffel%20Tower.npy")));
    assertThat(bucket.ranges, is(List.of("none")));
  }

  @Test
  void fetch_freshClass_reportsProgressUpToTheTotal() {
    downloader.fetch(EIFFEL);

    long[] last = progress.get(progress.size() - 1);
    assertThat(last[0], is((long) eiffel.length));
    assertThat(last[1], is((long) eiffel.length));
    assertThat(progress.get(0)[0], is(0L));
    for (int i = 1; i < progress.size(); i++) {
      assertThat(progress.get(i - 1)[0] <= progress.get(i)[0], is(true));
    }
  }

  @Test
  void fetch_downloadedFile_loadsAsQuickDrawClassData() {
    Path file = downloader.fetch(EIFFEL);

    Dataset dataset = Datasets.fromClassFiles(List.of(file), LoadOptions.defaults());
    assertThat(dataset.size(), is(ROWS));
    assertThat(dataset.classNames(), is(List.of(EIFFEL)));
  }

  @Test
  void fetch_secondTime_sendsNoRequest() {
    Path first = downloader.fetch(EIFFEL);
    int requests = bucket.ranges.size();

    Path second = downloader.fetch(EIFFEL);

    assertThat(second, is(first));
    assertThat(bucket.ranges.size(), is(requests));
  }

  @Test
  void fetch_existingPart_resumesWithARangeRequest() throws IOException {
    int kept = 100_000;
    Files.createDirectories(cache);
    Files.write(cache.resolve(EIFFEL + ".npy.part"), Arrays.copyOf(eiffel, kept));

    Path file = downloader.fetch(EIFFEL);

    assertThat(bucket.ranges, is(List.of("bytes=" + kept + "-")));
    assertThat(bucket.bytesSent, is((long) eiffel.length - kept));
    assertThat(Arrays.equals(Files.readAllBytes(file), eiffel), is(true));
    assertThat(progress.get(0)[0], is((long) kept));
  }

  @Test
  void fetch_serverIgnoringRange_startsOverAndGetsTheWholeFile() throws IOException {
    bucket.honourRange = false;
    Files.createDirectories(cache);
    // Bytes that are not the file's: keeping them would corrupt the result.
    Files.write(cache.resolve(EIFFEL + ".npy.part"), new byte[5000]);

    Path file = downloader.fetch(EIFFEL);

    assertThat(bucket.ranges, is(List.of("bytes=5000-")));
    assertThat(Arrays.equals(Files.readAllBytes(file), eiffel), is(true));
  }

  @Test
  void fetch_afterTheConnectionWasCut_resumesAndCompletes() throws IOException {
    bucket.cutAfter = 70_000;

    QuickDrawDownloadException e =
        assertThrows(QuickDrawDownloadException.class, () -> downloader.fetch(EIFFEL));

    Path part = cache.resolve(EIFFEL + ".npy.part");
    assertThat(e.getMessage(), containsString("is kept"));
    assertThat(e.keptPartial(), is(Optional.of(part)));
    assertThat(Files.exists(cache.resolve(EIFFEL + ".npy")), is(false));
    // The client keeps what reached it; a reset connection may drop the last bytes in flight.
    long kept = Files.size(part);
    assertThat(kept, lessThanOrEqualTo(70_000L));

    Path file = downloader.fetch(EIFFEL);

    assertThat(bucket.ranges, is(List.of("none", kept > 0 ? "bytes=" + kept + "-" : "none")));
    assertThat(Arrays.equals(Files.readAllBytes(file), eiffel), is(true));
    assertThat(Files.exists(part), is(false));
  }

  @Test
  void fetch_transferThatHangs_givesUpKeepingThePartForTheNextRun() throws IOException {
    bucket.stallAfter = 50_000;
    QuickDrawDownloader impatient =
        new QuickDrawDownloader(
            HttpClient.newHttpClient(),
            bucket.base(),
            cache,
            (name, done, total) -> {},
            Duration.ofMillis(300));

    QuickDrawDownloadException e =
        assertThrows(QuickDrawDownloadException.class, () -> impatient.fetch(EIFFEL));

    Path part = cache.resolve(EIFFEL + ".npy.part");
    assertThat(
        e.getMessage(), allOf(containsString("no data for 300 ms"), containsString("is kept")));
    assertThat(e.keptPartial(), is(Optional.of(part)));
    assertThat(Files.size(part), lessThanOrEqualTo(50_000L));
    assertThat(Files.exists(cache.resolve(EIFFEL + ".npy")), is(false));
  }

  @Test
  void fetch_serverWithoutHashes_checksSizeAndFormatAndSucceeds() throws IOException {
    bucket.sendHashes = false;

    Path file = downloader.fetch(EIFFEL);

    assertThat(Arrays.equals(Files.readAllBytes(file), eiffel), is(true));
  }

  @Test
  void fetch_partFromAnotherVersion_restartsWhenTheServerCannotContinueIt() throws IOException {
    Files.createDirectories(cache);
    Files.write(cache.resolve(EIFFEL + ".npy.part"), new byte[eiffel.length + 10]);

    Path file = downloader.fetch(EIFFEL);

    assertThat(bucket.ranges, is(List.of("bytes=" + (eiffel.length + 10) + "-", "none")));
    assertThat(Arrays.equals(Files.readAllBytes(file), eiffel), is(true));
  }

  @Test
  void fetch_rangeAnsweredFromAnotherStart_startsOver() throws IOException {
    bucket.rangeFromZero = true;
    Files.createDirectories(cache);
    Files.write(cache.resolve(EIFFEL + ".npy.part"), new byte[5000]);

    Path file = downloader.fetch(EIFFEL);

    assertThat(bucket.ranges, is(List.of("bytes=5000-", "none")));
    assertThat(Arrays.equals(Files.readAllBytes(file), eiffel), is(true));
  }

  @Test
  void fetch_chunkedAnswerWithoutLength_succeedsWithAnUnknownTotal() throws IOException {
    bucket.chunked = true;

    Path file = downloader.fetch(EIFFEL);

    assertThat(Arrays.equals(Files.readAllBytes(file), eiffel), is(true));
    assertThat(progress.get(progress.size() - 1)[1], is(-1L));
  }

  @Test
  void fetch_withAProgressLine_drawsTheClassAndMegabytes() {
    StringWriter terminal = new StringWriter();
    ProgressLine line = new ProgressLine(new PrintWriter(terminal), true);
    QuickDrawDownloader drawing =
        new QuickDrawDownloader(
            HttpClient.newHttpClient(), bucket.base(), cache, line::updateBytes);

    drawing.fetch(EIFFEL);

    assertThat(
        terminal.toString(),
        containsString("The Eiffel Tower [" + "#".repeat(30) + "] 0.2/0.2 MB"));
  }

  @Nested
  @DisplayName("failures")
  class Failures {

    @Test
    void fetch_wrongMd5_namesBothHashesAndDeletesThePart() {
      bucket.md5Override = Optional.of(base64(new byte[16]));

      QuickDrawDownloadException e =
          assertThrows(QuickDrawDownloadException.class, () -> downloader.fetch(EIFFEL));

      assertThat(
          e.getMessage(),
          allOf(
              containsString(bucket.url(EIFFEL)),
              containsString("MD5: expected " + base64(new byte[16])),
              containsString("but the download has " + base64(md5(eiffel)))));
      assertThat(e.getMessage(), not(containsString("CRC32C")));
      assertThat(e.keptPartial(), is(Optional.empty()));
      assertThat(cacheFiles(), is(empty()));
    }

    @Test
    void fetch_wrongCrc32c_isRejected() {
      bucket.crc32cOverride = Optional.of("AAAAAA==");

      QuickDrawDownloadException e =
          assertThrows(QuickDrawDownloadException.class, () -> downloader.fetch(EIFFEL));

      assertThat(e.getMessage(), containsString("CRC32C: expected AAAAAA=="));
      assertThat(cacheFiles(), is(empty()));
    }

    @Test
    void fetch_resumedPartWithWrongBytes_failsTheWholeFileChecksum() throws IOException {
      Files.createDirectories(cache);
      byte[] wrong = Arrays.copyOf(eiffel, 100_000);
      wrong[99_999] ^= 1;
      Files.write(cache.resolve(EIFFEL + ".npy.part"), wrong);

      QuickDrawDownloadException e =
          assertThrows(QuickDrawDownloadException.class, () -> downloader.fetch(EIFFEL));

      assertThat(e.getMessage(), containsString("MD5: expected " + base64(md5(eiffel))));
      assertThat(cacheFiles(), is(empty()));
    }

    @Test
    void fetch_wrongAnnouncedTotal_isRejectedAndThePartDeleted() throws IOException {
      Files.createDirectories(cache);
      Files.write(cache.resolve(EIFFEL + ".npy.part"), Arrays.copyOf(eiffel, 1000));
      bucket.announcedTotal = Optional.of((long) eiffel.length + 784);

      QuickDrawDownloadException e =
          assertThrows(QuickDrawDownloadException.class, () -> downloader.fetch(EIFFEL));

      assertThat(
          e.getMessage(),
          allOf(
              containsString(bucket.url(EIFFEL)),
              containsString("expected " + (eiffel.length + 784) + " bytes"),
              containsString("but the download has " + eiffel.length)));
      assertThat(cacheFiles(), is(empty()));
    }

    @Test
    void fetch_unknownClass_namesTheClassTheUrlAndTheList() {
      QuickDrawDownloadException e =
          assertThrows(QuickDrawDownloadException.class, () -> downloader.fetch("eiffel tower"));

      assertThat(
          e.getMessage(),
          allOf(
              containsString("'eiffel tower'"),
              containsString(bucket.url("eiffel tower")),
              containsString("404"),
              containsString("categories.txt")));
      assertThat(cacheFiles(), is(empty()));
    }

    @Test
    void fetch_serverError_namesTheStatusAndTheUrl() {
      bucket.status = Optional.of(503);

      QuickDrawDownloadException e =
          assertThrows(QuickDrawDownloadException.class, () -> downloader.fetch(EIFFEL));

      assertThat(e.getMessage(), allOf(containsString(bucket.url(EIFFEL)), containsString("503")));
    }

    @Test
    void fetch_htmlPageWithMatchingHash_isNotANumpyBitmapFile() {
      bucket.objects.put(
          EIFFEL,
          "<!DOCTYPE html><html><body>Sign in to continue</body></html>\n"
              .getBytes(StandardCharsets.UTF_8));

      QuickDrawDownloadException e =
          assertThrows(QuickDrawDownloadException.class, () -> downloader.fetch(EIFFEL));

      assertThat(
          e.getMessage(),
          allOf(
              containsString(bucket.url(EIFFEL)),
              containsString("not a Quick, Draw! numpy_bitmap file"),
              containsString("magic")));
      assertThat(cacheFiles(), is(empty()));
    }

    @Test
    void fetch_npyOfTheWrongShape_isNotANumpyBitmapFile() {
      bucket.objects.put(EIFFEL, npyHeader("|u1", "(10, 100)", 1000));

      QuickDrawDownloadException e =
          assertThrows(QuickDrawDownloadException.class, () -> downloader.fetch(EIFFEL));

      assertThat(
          e.getMessage(),
          allOf(
              containsString("not a Quick, Draw! numpy_bitmap file"),
              containsString("UINT8 of shape [N, 100]")));
      assertThat(cacheFiles(), is(empty()));
    }

    @Test
    void fetch_npyWithTrailingBytes_isNotANumpyBitmapFile() {
      byte[] longer = Arrays.copyOf(eiffel, eiffel.length + 3);
      bucket.objects.put(EIFFEL, longer);

      QuickDrawDownloadException e =
          assertThrows(QuickDrawDownloadException.class, () -> downloader.fetch(EIFFEL));

      assertThat(e.getMessage(), containsString("whole rows of 784 bytes"));
      assertThat(cacheFiles(), is(empty()));
    }

    @Test
    void fetch_pathLikeName_isRejectedWithoutARequest() {
      for (String name : List.of("../x", "a/b", "a\\b", "", " ", "..")) {
        QuickDrawDownloadException e =
            assertThrows(QuickDrawDownloadException.class, () -> downloader.fetch(name));
        assertThat(e.getMessage(), startsWith("invalid Quick, Draw! class name '" + name + "'"));
      }
      assertThat(bucket.ranges, is(empty()));
      assertThat(Files.exists(cache), is(false));
      assertThat(Files.exists(root.resolve("x.npy")), is(false));
    }

    @Test
    void fetch_serverNotListening_namesTheUrl() {
      String url = bucket.url(EIFFEL);
      bucket.close();

      QuickDrawDownloadException e =
          assertThrows(QuickDrawDownloadException.class, () -> downloader.fetch(EIFFEL));

      assertThat(e.getMessage(), allOf(containsString(url), containsString("cannot connect")));
      assertThat(e, is(instanceOf(ModelBudgetException.class)));
    }

    @Test
    void fetch_serverNotListeningWithAPart_keepsThePartUntouched() throws IOException {
      Path part = cache.resolve(EIFFEL + ".npy.part");
      Files.createDirectories(cache);
      Files.write(part, Arrays.copyOf(eiffel, 4096));
      bucket.close();

      QuickDrawDownloadException e =
          assertThrows(QuickDrawDownloadException.class, () -> downloader.fetch(EIFFEL));

      assertThat(e.getMessage(), allOf(containsString("cannot connect"), containsString("kept")));
      assertThat(e.keptPartial(), is(Optional.of(part)));
      assertThat(Arrays.equals(Files.readAllBytes(part), Arrays.copyOf(eiffel, 4096)), is(true));
    }

    @Test
    void fetch_anyFailure_writesNothingOutsideTheCache() throws IOException {
      bucket.cutAfter = 1000;
      assertThrows(QuickDrawDownloadException.class, () -> downloader.fetch(EIFFEL));
      bucket.md5Override = Optional.of(base64(new byte[16]));
      assertThrows(QuickDrawDownloadException.class, () -> downloader.fetch(EIFFEL));

      try (Stream<Path> all = Files.list(root)) {
        assertThat(all.toList(), is(List.of(cache)));
      }
    }
  }

  private List<Path> cacheFiles() {
    if (!Files.exists(cache)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(cache)) {
      return files.toList();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A deterministic {@code numpy_bitmap} file: {@code rows × 784} random uint8. */
  static byte[] npy(int rows, long seed) {
    byte[] header = npyHeader("|u1", "(" + rows + ", 784)", 0);
    byte[] data = new byte[rows * 784];
    new Random(seed).nextBytes(data);
    byte[] file = Arrays.copyOf(header, header.length + data.length);
    System.arraycopy(data, 0, file, header.length, data.length);
    return file;
  }

  /** A version 1.0 header padded to 64 bytes, followed by {@code zeros} zero bytes of data. */
  static byte[] npyHeader(String descr, String shape, int zeros) {
    StringBuilder dict =
        new StringBuilder(
            "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }");
    while ((10 + dict.length() + 1) % 64 != 0) {
      dict.append(' ');
    }
    dict.append('\n');
    ByteBuffer out = ByteBuffer.allocate(10 + dict.length() + zeros).order(ByteOrder.LITTLE_ENDIAN);
    out.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
    out.putShort((short) dict.length());
    out.put(dict.toString().getBytes(StandardCharsets.ISO_8859_1));
    return out.array();
  }

  static byte[] md5(byte[] bytes) {
    try {
      return MessageDigest.getInstance("MD5").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String base64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  /**
   * A bucket on 127.0.0.1 that serves {@code /numpy_bitmap/<Class>.npy} like Cloud Storage, and
   * records every request's raw path and {@code Range} header ("none" when absent).
   */
  static final class FakeBucket implements AutoCloseable {

    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");

    final Map<String, byte[]> objects = new ConcurrentHashMap<>();
    final List<String> ranges = new CopyOnWriteArrayList<>();
    final List<String> rawPaths = new CopyOnWriteArrayList<>();
    volatile boolean honourRange = true;
    volatile boolean sendHashes = true;
    volatile boolean rangeFromZero;
    volatile boolean chunked;
    volatile int cutAfter = -1;
    volatile int stallAfter = -1;
    private final CountDownLatch released = new CountDownLatch(1);
    volatile Optional<String> md5Override = Optional.empty();
    volatile Optional<String> crc32cOverride = Optional.empty();
    volatile Optional<Long> announcedTotal = Optional.empty();
    volatile Optional<Integer> status = Optional.empty();
    volatile long bytesSent;

    private final HttpServer server;
    private boolean closed;

    FakeBucket() throws IOException {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.createContext("/numpy_bitmap/", this::handle);
      server.start();
    }

    URI base() {
      return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/numpy_bitmap/");
    }

    String url(String className) {
      return base() + className.replace(" ", "%20") + ".npy";
    }

    private void handle(HttpExchange exchange) throws IOException {
      try (exchange) {
        String range = exchange.getRequestHeaders().getFirst("Range");
        ranges.add(range == null ? "none" : range);
        rawPaths.add(exchange.getRequestURI().getRawPath());
        String name = exchange.getRequestURI().getPath().substring("/numpy_bitmap/".length());
        byte[] object =
            name.endsWith(".npy") ? objects.get(name.substring(0, name.length() - 4)) : null;
        if (status.isPresent() || object == null) {
          exchange.sendResponseHeaders(status.orElse(404), -1);
          return;
        }
        addHashes(exchange, object);
        int start = 0;
        Matcher m = RANGE.matcher(range == null ? "" : range);
        if (rangeFromZero && m.matches()) {
          rangeFromZero = false;
          exchange
              .getResponseHeaders()
              .add("Content-Range", "bytes 0-" + (object.length - 1) + "/" + object.length);
          exchange.sendResponseHeaders(206, object.length);
          exchange.getResponseBody().write(object);
          return;
        }
        if (honourRange && m.matches()) {
          start = Integer.parseInt(m.group(1));
          if (start >= object.length) {
            exchange.getResponseHeaders().add("Content-Range", "bytes */" + object.length);
            exchange.sendResponseHeaders(416, -1);
            return;
          }
          exchange
              .getResponseHeaders()
              .add(
                  "Content-Range",
                  "bytes "
                      + start
                      + "-"
                      + (object.length - 1)
                      + "/"
                      + announcedTotal.orElse((long) object.length));
        }
        int length = object.length - start;
        // A length of 0 makes the server send the body in chunks, without a Content-Length.
        exchange.sendResponseHeaders(start > 0 ? 206 : 200, chunked ? 0 : length);
        int send = cutAfter >= 0 ? Math.min(cutAfter, length) : length;
        cutAfter = -1;
        int stall = stallAfter;
        stallAfter = -1;
        OutputStream body = exchange.getResponseBody();
        if (stall >= 0) {
          // Sends the first bytes, then nothing until the test ends: a transfer that hangs.
          body.write(object, start, Math.min(stall, length));
          body.flush();
          bytesSent += Math.min(stall, length);
          released.await(30, TimeUnit.SECONDS);
          return;
        }
        body.write(object, start, send);
        body.flush();
        bytesSent += send;
        // Closing with fewer bytes than announced drops the connection, as a network fault does.
      } catch (IOException e) {
        // The cut transfer: the server complains that fewer bytes were written than announced.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    private void addHashes(HttpExchange exchange, byte[] object) {
      if (!sendHashes) {
        return;
      }
      CRC32C crc = new CRC32C();
      crc.update(object);
      long v = crc.getValue();
      String crc32c =
          crc32cOverride.orElse(
              base64(
                  new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v}));
      // Cloud Storage sends one header per hash.
      exchange.getResponseHeaders().add("x-goog-hash", "crc32c=" + crc32c);
      exchange
          .getResponseHeaders()
          .add("x-goog-hash", "md5=" + md5Override.orElse(base64(md5(object))));
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        released.countDown();
        server.stop(0);
      }
    }
  }
}
