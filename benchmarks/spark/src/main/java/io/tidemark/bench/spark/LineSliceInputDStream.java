package io.tidemark.bench.spark;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.rdd.RDD;
import org.apache.spark.streaming.StreamingContext;
import org.apache.spark.streaming.Time;
import org.apache.spark.streaming.dstream.InputDStream;
import scala.Option;
import scala.reflect.ClassTag$;

/**
 * A replayable input of text lines for Spark Streaming: batch {@code k} (the k-th batch time
 * since the first one, k = 0, 1, …) is lines {@code [k·n, (k+1)·n)} of one file, n = records per
 * batch — the same slices Tidemark's replay source hands out with {@code --rate 0
 * --max-batch-records n}. Like a Kafka direct stream's offset ranges, a batch's input follows
 * from its batch time alone, so a job restarted from its checkpoint (which holds this object,
 * with the first batch time) re-reads exactly the same lines ({@code queueStream} cannot be
 * restarted from a checkpoint).
 *
 * <p>The driver reads the lines (sequentially; a seek backwards reopens the file) and hands each
 * slice to {@code parallelize} with one partition per core.
 */
final class LineSliceInputDStream extends InputDStream<String> {
  private static final long serialVersionUID = 1L;

  /** Lines handed out per batch time (ms), for the status lines; driver-side only. */
  static final Map<Long, Integer> RECORDS_BY_BATCH = new ConcurrentHashMap<>();
  /**
   * The last batch time (ms) that holds input, known once a slice came back short (the input is
   * exhausted), else Long.MAX_VALUE.
   */
  static volatile long exhaustedAt = Long.MAX_VALUE;

  private final String file;
  private final long perBatch;
  private final int partitions;
  /** The first batch time (ms); -1 until the first batch. Part of the checkpoint. */
  private long firstBatchMs = -1;

  private transient BufferedReader reader;
  private transient long position;

  LineSliceInputDStream(StreamingContext ssc, String file, long perBatch, int partitions) {
    super(ssc, ClassTag$.MODULE$.apply(String.class));
    this.file = file;
    this.perBatch = perBatch;
    this.partitions = partitions;
  }

  @Override
  public void start() {}

  @Override
  public void stop() {
    closeReader();
  }

  @Override
  public Option<RDD<String>> compute(Time validTime) {
    long t = validTime.milliseconds();
    if (firstBatchMs < 0) {
      firstBatchMs = t;
    }
    long k = (t - firstBatchMs) / slideDuration().milliseconds();
    List<String> lines = read(k * perBatch, perBatch);
    RECORDS_BY_BATCH.put(t, lines.size());
    if (lines.size() < perBatch) {
      long last = lines.isEmpty() ? t - slideDuration().milliseconds() : t;
      if (last < exhaustedAt) {
        exhaustedAt = last;
      }
    }
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(context().sparkContext());
    return Option.apply(jsc.parallelize(lines, partitions).rdd());
  }

  private synchronized List<String> read(long from, long count) {
    try {
      if (reader == null || from < position) {
        closeReader();
        reader = Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8);
        position = 0;
      }
      while (position < from && reader.readLine() != null) {
        position++;
      }
      List<String> lines = new ArrayList<>((int) Math.min(count, 1 << 20));
      String line;
      while (lines.size() < count && (line = reader.readLine()) != null) {
        lines.add(line);
        position++;
      }
      return lines;
    } catch (IOException e) {
      throw new UncheckedIOException(file, e);
    }
  }

  private void closeReader() {
    if (reader != null) {
      try {
        reader.close();
      } catch (IOException ignored) {
        // read-only
      }
      reader = null;
    }
  }
}
