package io.tidemark.state.internals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.RocksDB;

/**
 * The cache of RocksDB's native library ({@link RocksDbNativeLibrary#install}) on the real jar of
 * the class path: unpacked whole and private, reused without rewriting, a damaged copy replaced
 * (wrong size or wrong CRC-32), stale temporary copies deleted, a directory another user owns or
 * others can write refused. (That a killed process leaves nothing in {@code
 * java.io.tmpdir} is shown by {@code RocksDbStateStoreTest.killAfterCommitReturnedLosesNothing}.)
 */
class RocksDbNativeLibraryTest {
  @TempDir
  Path root;

  @Test
  void unpacksTheJarsLibraryOnceIntoAPrivateVersionDirectory() throws IOException {
    Path directory = RocksDbNativeLibrary.install(root).orElseThrow();
    Path file = directory.resolve(RocksDbNativeLibrary.libraryFileName());
    byte[] fromJar = jarBytes();
    CRC32 crc = new CRC32();
    crc.update(fromJar);
    assertThat(directory.getParent()).isEqualTo(root);
    assertThat(directory.getFileName().toString())
        .isEqualTo(String.format("rocksdbjni-%08x-%d", crc.getValue(), fromJar.length));
    assertThat(Files.readAllBytes(file)).isEqualTo(fromJar);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory))).isEqualTo("rwx------");
    assertThat(names(directory)).as("no temporary file left").containsExactly(file.getFileName().toString());

    FileTime past = FileTime.fromMillis(1_000_000_000_000L);
    Files.setLastModifiedTime(file, past);
    assertThat(RocksDbNativeLibrary.install(root)).contains(directory);
    assertThat(Files.getLastModifiedTime(file)).as("reused, not rewritten").isEqualTo(past);
  }

  @Test
  void replacesACopyOfTheWrongSize() throws IOException {
    Path directory = RocksDbNativeLibrary.install(root).orElseThrow();
    Path file = directory.resolve(RocksDbNativeLibrary.libraryFileName());
    Files.write(file, new byte[] {1, 2, 3}); // e.g. truncated by a full disk outside this code

    assertThat(RocksDbNativeLibrary.install(root)).contains(directory);
    assertThat(Files.readAllBytes(file)).isEqualTo(jarBytes());
  }

  @Test
  void replacesADamagedCopyOfTheRightSizeAndDeletesStaleTemporaryCopies() throws IOException {
    Path directory = RocksDbNativeLibrary.install(root).orElseThrow();
    Path file = directory.resolve(RocksDbNativeLibrary.libraryFileName());
    byte[] damaged = Files.readAllBytes(file);
    damaged[damaged.length / 2] ^= 1;
    Files.write(file, damaged);
    Path stale = directory.resolve(file.getFileName() + ".1.tmp"); // a process killed while unpacking
    Path fresh = directory.resolve(file.getFileName() + ".2.tmp"); // maybe another process unpacking now
    Files.write(stale, new byte[] {1});
    Files.write(fresh, new byte[] {2});
    Files.setLastModifiedTime(stale, FileTime.fromMillis(System.currentTimeMillis() - 3_600_000));

    assertThat(RocksDbNativeLibrary.install(root)).contains(directory);
    assertThat(Files.readAllBytes(file)).as("CRC-32 checked, not only the size").isEqualTo(jarBytes());
    assertThat(stale).doesNotExist();
    assertThat(fresh).exists();
  }

  @Test
  void refusesAVersionDirectoryAnotherUserOwns() throws IOException {
    Path directory = RocksDbNativeLibrary.install(root).orElseThrow();
    assumeTrue(((Number) Files.getAttribute(directory, "unix:uid")).intValue() == 0, "only root can give a directory away");
    Files.setAttribute(directory, "unix:uid", 65534);

    assertThatThrownBy(() -> RocksDbNativeLibrary.install(root))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(directory.toString())
        .hasMessageContaining("must be this process's user's");
  }

  @Test
  void refusesAVersionDirectoryOthersCanWrite() throws IOException {
    Path directory = RocksDbNativeLibrary.install(root).orElseThrow();
    Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxrwxrwx"));

    assertThatThrownBy(() -> RocksDbNativeLibrary.install(root))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(directory.toString())
        .hasMessageContaining("rwxrwxrwx")
        .hasMessageContaining("writable by no one else");
  }

  @Test
  void theCacheRootIsTheSystemPropertyWhenSet() {
    String before = System.getProperty(RocksDbNativeLibrary.CACHE_PROPERTY);
    try {
      System.setProperty(RocksDbNativeLibrary.CACHE_PROPERTY, root.toString());
      assertThat(RocksDbNativeLibrary.cacheRoot()).contains(root);
      System.clearProperty(RocksDbNativeLibrary.CACHE_PROPERTY);
      assertThat(RocksDbNativeLibrary.cacheRoot().orElseThrow().toString()).endsWith("/tidemark/native");
    } finally {
      if (before != null) {
        System.setProperty(RocksDbNativeLibrary.CACHE_PROPERTY, before);
      } else {
        System.clearProperty(RocksDbNativeLibrary.CACHE_PROPERTY);
      }
    }
  }

  private static byte[] jarBytes() throws IOException {
    try (InputStream in = RocksDB.class.getClassLoader().getResourceAsStream(RocksDbNativeLibrary.jarEntryName())) {
      assertThat(in).as("RocksJava's jar holds the library").isNotNull();
      return in.readAllBytes();
    }
  }

  private static List<String> names(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files.map(p -> p.getFileName().toString()).toList();
    }
  }
}
