package io.tidemark.wal.fs;

import java.io.IOException;
import java.util.EnumSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FilterFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.hdfs.client.HdfsDataOutputStream;
import org.apache.hadoop.util.Progressable;

/**
 * Any file system, with control over {@code hsync} of the streams it creates: count the syncs,
 * fail the next N of them, or hold them until a gate opens. Everything else is delegated.
 */
final class SyncFaultFileSystem extends FilterFileSystem {

  final AtomicInteger syncs = new AtomicInteger();
  final AtomicInteger failNextSyncs = new AtomicInteger();
  volatile CountDownLatch gate;

  SyncFaultFileSystem(FileSystem inner) {
    super(inner);
    setConf(inner.getConf());
  }

  @Override
  public FSDataOutputStream create(Path f, FsPermission permission, boolean overwrite,
      int bufferSize, short replication, long blockSize, Progressable progress)
      throws IOException {
    FSDataOutputStream inner =
        fs.create(f, permission, overwrite, bufferSize, replication, blockSize, progress);
    return new FSDataOutputStream(inner, null) {
      @Override
      public void hsync() throws IOException {
        CountDownLatch g = gate;
        if (g != null) {
          try {
            g.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted at the sync gate", e);
          }
        }
        if (failNextSyncs.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
          throw new IOException("injected hsync failure");
        }
        if (inner instanceof HdfsDataOutputStream hdfs) {
          hdfs.hsync(EnumSet.of(HdfsDataOutputStream.SyncFlag.UPDATE_LENGTH));
        } else {
          inner.hsync();
        }
        syncs.incrementAndGet();
      }
    };
  }
}
