package io.tidemark.state.internals;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import org.rocksdb.RocksDB;
import org.rocksdb.util.Environment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads RocksJava's native library from a per-user cache on disk.
 *
 * <p><b>Why.</b> RocksJava's own {@link RocksDB#loadLibrary()} unpacks the library (15 MB on
 * linux64) from its jar into {@code java.io.tmpdir} at every start, which costs 0.1–0.2 s of
 * CPU while a restart is CPU-bound, and deletes the copy only at a normal JVM exit
 * ({@code deleteOnExit}): every {@code kill -9} leaves one behind (911 copies, 13 GiB, in the
 * development machine's {@code /tmp}).
 *
 * <p><b>The cache.</b> The library is unpacked once to
 * {@code <root>/rocksdbjni-<CRC-32 of the jar entry, 8 hex digits>-<size in bytes>/<the file
 * name RocksJava loads from a directory, see libraryFileName()>} and loaded from there with {@link RocksDB#loadLibrary(List)}. {@code <root>} is the
 * system property {@value #CACHE_PROPERTY} if set, else {@code $XDG_CACHE_HOME/tidemark/native}
 * if that variable holds an absolute path, else {@code ~/.cache/tidemark/native} if the home
 * directory is absolute; otherwise there is no cache. The file is
 * written under a temporary name in the same directory, its CRC-32 checked against the jar's,
 * and renamed atomically; before every load the cached copy's size and CRC-32 are checked
 * against the jar's (about 10 ms, on the preloading thread), and a copy that differs is unpacked
 * again. Directories are created owner-only ({@code rwx------}); a root or version directory that
 * another user owns or that group or others can write is not used. Temporary copies left by a
 * process killed while unpacking are deleted after 10 minutes. Old version directories are not
 * pruned (one per RocksDB version, 15 MB each).
 *
 * <p><b>Fallback.</b> When the library is not a jar entry on the class path (for example a
 * {@code java.library.path} set-up), the cache cannot be written, or loading from it fails, this
 * falls back to {@link RocksDB#loadLibrary()} and logs why at {@code WARN} (a load failure) or
 * {@code DEBUG} (no jar entry). Unlike RocksJava's default, a library on {@code java.library.path}
 * is not tried first: the copy in RocksJava's jar is the one that matches its classes.
 *
 * <p>Thread-safe: {@link #load()} is synchronized and idempotent; concurrent processes may
 * unpack the same version at once (each renames a complete copy over the other's).
 */
public final class RocksDbNativeLibrary {
  /** System property naming the cache root directory. */
  public static final String CACHE_PROPERTY = "tidemark.native.cache";

  private static final Logger LOG = LoggerFactory.getLogger(RocksDbNativeLibrary.class);
  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");
  private static boolean loaded; // guarded by the class

  private RocksDbNativeLibrary() {}

  /**
   * Loads the library (from the cache, else as RocksJava does by default); returns at once if
   * this class loaded it before.
   *
   * @throws UnsatisfiedLinkError if RocksJava's default loading fails too
   * @throws RuntimeException as {@link RocksDB#loadLibrary()} throws when it cannot unpack
   */
  public static synchronized void load() {
    if (loaded) {
      return;
    }
    Optional<Path> directory = Optional.empty();
    try {
      Optional<Path> root = cacheRoot();
      if (root.isPresent()) {
        directory = install(root.get());
      } else {
        LOG.warn("no cache directory for RocksDB's native library (user.home={} is not absolute; set -D{}=DIR); "
            + "unpacking it into java.io.tmpdir", System.getProperty("user.home"), CACHE_PROPERTY);
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("cannot use the cache of RocksDB's native library ({}); unpacking it into java.io.tmpdir", e.toString());
    }
    if (directory.isPresent()) {
      try {
        RocksDB.loadLibrary(List.of(directory.get().toString()));
        loaded = true;
        return;
      } catch (UnsatisfiedLinkError e) {
        LOG.warn("cannot load RocksDB's native library from {} ({}); unpacking it into java.io.tmpdir",
            directory.get(), e.toString());
      }
    }
    RocksDB.loadLibrary();
    loaded = true;
  }

  /**
   * The cache root (see the class documentation); empty when the JVM knows no absolute home
   * directory (e.g. a container user without a password entry, where {@code user.home} is
   * {@code ?}) and neither the property nor {@code XDG_CACHE_HOME} names one.
   */
  static Optional<Path> cacheRoot() {
    String property = System.getProperty(CACHE_PROPERTY);
    if (property != null && !property.isBlank()) {
      return Optional.of(Path.of(property).toAbsolutePath());
    }
    String xdg = System.getenv("XDG_CACHE_HOME");
    if (xdg != null && xdg.startsWith("/")) {
      return Optional.of(Path.of(xdg, "tidemark", "native"));
    }
    Path home = Path.of(System.getProperty("user.home", ""));
    return home.isAbsolute() ? Optional.of(home.resolve(".cache").resolve("tidemark").resolve("native")) : Optional.empty();
  }

  /** The library's entry in RocksJava's jar for this platform, e.g. {@code librocksdbjni-linux64.so}. */
  static String jarEntryName() {
    return Environment.getJniLibraryFileName("rocksdb");
  }

  /**
   * The file name {@link RocksDB#loadLibrary(List)} loads from each directory it is given. In
   * RocksJava 10.10 that is {@code Environment.getJniLibraryFileName("rocksdbjni")}, e.g. {@code
   * librocksdbjnijni-linux64.so} (sic: the method appends "jni" itself). Computed the same way,
   * so the cached copy is found; should a later RocksJava change the name, loading from the
   * cache fails and {@link #load()} falls back, with a warning.
   */
  static String libraryFileName() {
    return Environment.getJniLibraryFileName("rocksdbjni");
  }

  /**
   * Makes sure the version directory under {@code root} holds the library of RocksJava's jar
   * on the class path, unpacking it if needed.
   *
   * @return the version directory (for {@link RocksDB#loadLibrary(List)}); empty if the library
   *     is not a jar entry on the class path
   * @throws IOException if it cannot be unpacked, or the directory is not private to this user
   */
  static Optional<Path> install(Path root) throws IOException {
    String entryName = jarEntryName();
    String fileName = libraryFileName();
    URL resource = RocksDB.class.getClassLoader().getResource(entryName);
    URLConnection connection = resource == null ? null : resource.openConnection();
    if (!(connection instanceof JarURLConnection jar)) {
      LOG.debug("RocksDB's native library {} is not a jar entry on the class path ({})", entryName, resource);
      return Optional.empty();
    }
    JarEntry entry = jar.getJarEntry();
    long size = entry.getSize();
    long crc = entry.getCrc();
    if (size <= 0 || crc < 0) {
      throw new IOException("the jar entry " + resource + " does not record its size and CRC");
    }
    Path directory = root.resolve(String.format("rocksdbjni-%08x-%d", crc, size));
    Path file = directory.resolve(fileName);
    if (Files.isRegularFile(file)) {
      requirePrivate(root);
      requirePrivate(directory);
      if (Files.size(file) == size && crc32(file) == crc) {
        return Optional.of(directory);
      }
      LOG.warn("{} differs from RocksJava's jar entry {}; unpacking it again", file, resource);
    }
    createPrivateDirectories(directory);
    requirePrivate(root);
    requirePrivate(directory);
    deleteStaleTemporaries(directory, fileName);
    Path temporary = Files.createTempFile(directory, fileName + ".", ".tmp");
    try {
      CRC32 written = new CRC32();
      long bytes;
      try (InputStream in = new CheckedInputStream(jar.getInputStream(), written)) {
        bytes = Files.copy(in, temporary, StandardCopyOption.REPLACE_EXISTING);
      }
      if (bytes != size || written.getValue() != crc) {
        throw new IOException(String.format("unpacking %s gave %d bytes with CRC-32 %08x; the jar says %d bytes, %08x",
            resource, bytes, written.getValue(), size, crc));
      }
      Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      LOG.info("unpacked RocksDB's native library to {} (done once per RocksDB version)", file);
    } finally {
      Files.deleteIfExists(temporary);
    }
    return Optional.of(directory);
  }

  private static void createPrivateDirectories(Path directory) throws IOException {
    if (!directory.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      Files.createDirectories(directory);
      return;
    }
    FileAttribute<Set<PosixFilePermission>> ownerOnly = PosixFilePermissions.asFileAttribute(OWNER_ONLY);
    try {
      Files.createDirectories(directory, ownerOnly);
    } catch (FileAlreadyExistsException e) {
      // created concurrently: checked by requirePrivate
    }
  }

  /**
   * Refuses a directory that another user owns or that group or others can write: they could
   * replace the library, or (for the root) the version directory, between this check and the load.
   */
  private static void requirePrivate(Path directory) throws IOException {
    PosixFileAttributeView view = Files.getFileAttributeView(directory, PosixFileAttributeView.class);
    if (view == null) {
      return; // not POSIX: the platform's own permissions apply
    }
    PosixFileAttributes attributes = view.readAttributes();
    Set<PosixFilePermission> permissions = attributes.permissions();
    boolean mine = isOwnedByThisProcess(directory, attributes);
    if (!mine || permissions.contains(PosixFilePermission.GROUP_WRITE)
        || permissions.contains(PosixFilePermission.OTHERS_WRITE)) {
      throw new IOException(directory + " is owned by " + attributes.owner().getName() + " with permissions "
          + PosixFilePermissions.toString(permissions) + "; it must be this process's user's and writable by no one else");
    }
  }

  /** By user id where the JDK tells it (Unix), else by user name. */
  private static boolean isOwnedByThisProcess(Path directory, PosixFileAttributes attributes) throws IOException {
    try {
      long uid = new com.sun.security.auth.module.UnixSystem().getUid();
      return ((Number) Files.getAttribute(directory, "unix:uid")).longValue() == uid;
    } catch (UnsupportedOperationException | LinkageError e) {
      return attributes.owner().getName().equals(System.getProperty("user.name"));
    }
  }

  private static long crc32(Path file) throws IOException {
    CRC32 crc = new CRC32();
    try (InputStream in = new CheckedInputStream(Files.newInputStream(file), crc)) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    return crc.getValue();
  }

  /** Deletes temporary copies over 10 minutes old: left by a process killed while unpacking. */
  private static void deleteStaleTemporaries(Path directory, String fileName) throws IOException {
    FileTime cutoff = FileTime.from(Instant.now().minus(Duration.ofMinutes(10)));
    try (DirectoryStream<Path> temporaries = Files.newDirectoryStream(directory, fileName + ".*.tmp")) {
      for (Path t : temporaries) {
        if (Files.getLastModifiedTime(t).compareTo(cutoff) < 0) {
          Files.deleteIfExists(t);
        }
      }
    }
  }
}
