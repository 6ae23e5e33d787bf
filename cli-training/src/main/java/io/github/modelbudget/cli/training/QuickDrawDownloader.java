package io.github.modelbudget.cli.training;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Downloads the official Quick, Draw! {@code numpy_bitmap} class files ({@code <Class>.npy}, about
 * 100 MB each) into a cache directory.
 *
 * <p>A file in the cache is always a finished, verified download: bytes arrive in {@code
 * <Class>.npy.part}, and only after the total size, the server's checksums ({@code x-goog-hash} MD5
 * and CRC32C, when sent) and the {@code .npy} format check out is the part moved into place. A
 * transfer that breaks off keeps its part, and the next download asks for the rest with a {@code
 * Range} request. A part that fails a check is deleted.
 */
final class QuickDrawDownloader {

  /** Where Google publishes the {@code numpy_bitmap} files, one per class. */
  static final URI OFFICIAL_BASE =
      URI.create("https://storage.googleapis.com/quickdraw_dataset/full/numpy_bitmap/");

  static final String CATEGORIES =
      "https://github.com/googlecreativelab/quickdraw-dataset/blob/master/categories.txt";

  private static final Logger LOG = LoggerFactory.getLogger(QuickDrawDownloader.class);
  private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");
  private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(60);

  /** The longest wait for the next bytes of a body before the transfer counts as broken off. */
  static final Duration STALL_TIMEOUT = Duration.ofSeconds(60);

  private static final int BUFFER_BYTES = 64 * 1024;

  /** Receives the bytes done so far of one class file. */
  @FunctionalInterface
  interface Progress {

    /**
     * Reports progress.
     *
     * @param className the class being downloaded
     * @param done the bytes of the file on disk so far, resumed ones included
     * @param total the file's size, or -1 when the server did not say
     */
    void update(String className, long done, long total);
  }

  private final HttpClient http;
  private final URI base;
  private final Path cache;
  private final Progress progress;
  private final Duration stallTimeout;

  /**
   * Creates a downloader.
   *
   * @param http the client to send requests with
   * @param base the folder URL the class files are in, ending in {@code /}
   * @param cache the directory to keep downloaded files in; created when needed
   * @param progress told of every chunk received
   */
  QuickDrawDownloader(HttpClient http, URI base, Path cache, Progress progress) {
    this(http, base, cache, progress, STALL_TIMEOUT);
  }

  /**
   * Creates a downloader that gives up on a body after {@code stallTimeout} without bytes.
   *
   * @param http the client to send requests with
   * @param base the folder URL the class files are in, ending in {@code /}
   * @param cache the directory to keep downloaded files in; created when needed
   * @param progress told of every chunk received
   * @param stallTimeout the longest wait for the next bytes of a body
   */
  QuickDrawDownloader(
      HttpClient http, URI base, Path cache, Progress progress, Duration stallTimeout) {
    this.http = Objects.requireNonNull(http, "http");
    this.base = Objects.requireNonNull(base, "base");
    this.cache = Objects.requireNonNull(cache, "cache");
    this.progress = Objects.requireNonNull(progress, "progress");
    this.stallTimeout = Objects.requireNonNull(stallTimeout, "stallTimeout");
  }

  /**
   * Creates a downloader of the official files that follows redirects.
   *
   * @param cache the directory to keep downloaded files in
   * @param progress told of every chunk received
   * @return the downloader
   */
  static QuickDrawDownloader official(Path cache, Progress progress) {
    HttpClient http =
        HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(Duration.ofSeconds(30))
            .build();
    return new QuickDrawDownloader(http, OFFICIAL_BASE, cache, progress);
  }

  /**
   * Returns the class's {@code .npy} file in the cache, downloading it first unless it is there.
   *
   * @param className a Quick, Draw! class name as in the official list, e.g. {@code The Eiffel
   *     Tower}
   * @return {@code <cache>/<className>.npy}, a verified {@code numpy_bitmap} file
   * @throws QuickDrawDownloadException if the name is invalid, the server refuses, the transfer
   *     breaks off (the part is kept) or the file fails a check (the part is deleted)
   */
  Path fetch(String className) {
    checkName(className);
    Path target = cache.resolve(className + ".npy");
    if (Files.isRegularFile(target)) {
      return target;
    }
    Path part = cache.resolve(className + ".npy.part");
    URI url =
        base.resolve(
            URLEncoder.encode(className, StandardCharsets.UTF_8).replace("+", "%20") + ".npy");
    try {
      Files.createDirectories(cache);
      // A second attempt only follows a part the server would not continue (416, a wrong start).
      if (!download(className, url, part, true)) {
        download(className, url, part, false);
      }
      verify(url, part);
      move(part, target);
      return target;
    } catch (IOException e) {
      throw new QuickDrawDownloadException(
          "cannot write the download of " + url + " to " + cache + ": " + describe(e), e);
    }
  }

  /**
   * Downloads into the part, resuming it when it has bytes. Returns false, with the part deleted,
   * when the server would not continue it and a fresh start may be tried.
   */
  private boolean download(String className, URI url, Path part, boolean mayRestart)
      throws IOException {
    long offset = Files.isRegularFile(part) ? Files.size(part) : 0;
    HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(RESPONSE_TIMEOUT).GET();
    if (offset > 0) {
      request.header("Range", "bytes=" + offset + "-");
      LOG.info("resuming {} from byte {} of {}", url, offset, part);
    }
    HttpResponse<InputStream> response = send(url, request.build(), part);
    try (InputStream body = response.body()) {
      int status = response.statusCode();
      OptionalLong total;
      if (status == 200) {
        if (offset > 0) {
          LOG.info("{} answered a Range request with the whole file; starting over", url);
          offset = 0;
        }
        total = response.headers().firstValueAsLong("Content-Length");
      } else if (status == 206) {
        ContentRange range = contentRange(url, response);
        if (range.start() != offset) {
          return restart(
              url,
              part,
              mayRestart,
              "asked from byte " + offset + " but the server sent from " + range.start());
        }
        total = range.total();
      } else if (status == 416 && offset > 0) {
        return restart(
            url,
            part,
            mayRestart,
            "the server cannot continue the part of " + offset + " bytes (416)");
      } else if (status == 404) {
        throw new QuickDrawDownloadException(
            url
                + ": no Quick, Draw! class named '"
                + className
                + "' (404 Not Found); the class names are listed at "
                + CATEGORIES);
      } else {
        throw new QuickDrawDownloadException(
            url + ": expected HTTP status 200 or 206 but the server answered " + status);
      }
      QuickDrawObjectHashes hashes =
          QuickDrawObjectHashes.parse(response.headers().allValues("x-goog-hash"));
      QuickDrawObjectHashes.Accumulator sums = hashes.accumulator();
      if (offset > 0) {
        hashExisting(part, sums);
      }
      long done = receive(className, url, body, part, offset, total.orElse(-1), sums);
      if (total.isPresent() && done != total.getAsLong()) {
        Files.deleteIfExists(part);
        throw new QuickDrawDownloadException(
            url
                + ": expected "
                + total.getAsLong()
                + " bytes (the size the server announced) but the download has "
                + done
                + "; the partial file was deleted");
      }
      if (total.isEmpty()) {
        LOG.warn("{} did not announce its size; checking its checksums and format only", url);
      }
      if (hashes.isEmpty()) {
        LOG.warn("{} sent no x-goog-hash checksum; checking its size and format only", url);
      }
      List<String> mismatches = sums.mismatches();
      if (!mismatches.isEmpty()) {
        Files.deleteIfExists(part);
        throw new QuickDrawDownloadException(
            url
                + ": the download is corrupt, "
                + String.join("; ", mismatches)
                + "; the partial file was deleted, so the next download starts from the beginning");
      }
      return true;
    }
  }

  private HttpResponse<InputStream> send(URI url, HttpRequest request, Path part) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      String problem =
          e instanceof ConnectException
              ? ": cannot connect (" + describe(e) + "); check the network and the URL"
              : ": the request failed (" + describe(e) + ")";
      if (Files.isRegularFile(part)) {
        throw QuickDrawDownloadException.resumable(
            url
                + problem
                + "; the partial download "
                + part
                + " is kept and the next download resumes from it",
            part,
            e);
      }
      throw new QuickDrawDownloadException(url + problem, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new QuickDrawDownloadException(url + ": interrupted while waiting for the server", e);
    }
  }

  private boolean restart(URI url, Path part, boolean mayRestart, String why) throws IOException {
    if (!mayRestart) {
      throw new QuickDrawDownloadException(url + ": cannot download from the start: " + why);
    }
    LOG.info("{}: {}; deleting {} and starting over", url, why, part);
    Files.deleteIfExists(part);
    return false;
  }

  private static void hashExisting(Path part, QuickDrawObjectHashes.Accumulator sums)
      throws IOException {
    byte[] buffer = new byte[BUFFER_BYTES];
    try (InputStream in = Files.newInputStream(part)) {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        sums.update(buffer, 0, n);
      }
    }
  }

  /** Appends the body to the part (truncating it first when starting over); returns its size. */
  private long receive(
      String className,
      URI url,
      InputStream body,
      Path part,
      long offset,
      long total,
      QuickDrawObjectHashes.Accumulator sums)
      throws IOException {
    StandardOpenOption mode =
        offset > 0 ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING;
    long done = offset;
    progress.update(className, done, total);
    byte[] buffer = new byte[BUFFER_BYTES];
    try (OutputStream out =
            Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE, mode);
        StallWatchdog watchdog = new StallWatchdog(body, stallTimeout)) {
      while (true) {
        int n;
        try {
          n = body.read(buffer);
        } catch (IOException e) {
          out.flush();
          throw brokenOff(
              url, part, done, total, watchdog.fired() ? stalled(watchdog) : describe(e), e);
        }
        if (n < 0) {
          if (watchdog.fired()) {
            out.flush();
            throw brokenOff(url, part, done, total, stalled(watchdog), null);
          }
          return done;
        }
        watchdog.progressed();
        out.write(buffer, 0, n);
        sums.update(buffer, 0, n);
        done += n;
        progress.update(className, done, total);
      }
    }
  }

  private static String stalled(StallWatchdog watchdog) {
    Duration limit = watchdog.limit();
    return "no data for "
        + (limit.toMillis() % 1000 == 0 ? limit.toSeconds() + " s" : limit.toMillis() + " ms");
  }

  private static QuickDrawDownloadException brokenOff(
      URI url, Path part, long done, long total, String why, IOException cause) {
    return QuickDrawDownloadException.resumable(
        url
            + ": the transfer broke off after "
            + done
            + (total >= 0 ? " of " + total : "")
            + " bytes ("
            + why
            + "); the partial download "
            + part
            + " is kept and the next download resumes from it",
        part,
        cause);
  }

  private static ContentRange contentRange(URI url, HttpResponse<?> response) {
    String header = response.headers().firstValue("Content-Range").orElse("");
    Matcher m = CONTENT_RANGE.matcher(header.strip());
    if (!m.matches()) {
      throw new QuickDrawDownloadException(
          url
              + ": expected a Content-Range of the form 'bytes START-END/TOTAL' with the 206 answer"
              + " but found '"
              + header
              + "'");
    }
    String total = m.group(3);
    return new ContentRange(
        Long.parseLong(m.group(1)),
        total.equals("*") ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(total)));
  }

  private static void verify(URI url, Path part) throws IOException {
    String problem = QuickDrawFileCheck.problem(part);
    if (!problem.isEmpty()) {
      Files.deleteIfExists(part);
      throw new QuickDrawDownloadException(
          url
              + ": not a Quick, Draw! numpy_bitmap file: "
              + problem
              + "; the download was deleted");
    }
  }

  private static void move(Path part, Path target) throws IOException {
    try {
      Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** Rejects names that are empty or could leave the cache directory, before any request. */
  static void checkName(String className) {
    if (className == null
        || className.isBlank()
        || className.contains("/")
        || className.contains("\\")
        || className.contains("..")
        || className.chars().anyMatch(Character::isISOControl)) {
      throw new QuickDrawDownloadException(
          "invalid Quick, Draw! class name '"
              + className
              + "': expected a name from "
              + CATEGORIES
              + " (not empty, without '/', '\\', '..' or control characters)");
    }
  }

  private static String describe(Exception e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  private record ContentRange(long start, OptionalLong total) {}
}
