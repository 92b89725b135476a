package io.tidemark.streaming.output;

import io.tidemark.streaming.Batch;
import io.tidemark.streaming.Time;
import java.io.PrintStream;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * {@code print(n)}: prints the first {@code n} elements of every batch under a header with the
 * batch time, and {@code ...} when there are more, in Spark's format.
 */
public final class PrintOutput<T> implements BiConsumer<Batch<T>, Time> {
  private final int num;
  private final PrintStream out;

  public PrintOutput(int num, PrintStream out) {
    if (num < 1) {
      throw new IllegalArgumentException("print(n) needs n >= 1, got " + num);
    }
    this.num = num;
    this.out = out;
  }

  @Override
  public void accept(Batch<T> batch, Time time) {
    List<T> first = batch.take(num + 1);
    StringBuilder sb = new StringBuilder();
    sb.append("-------------------------------------------\n");
    sb.append("Time: ").append(time).append('\n');
    sb.append("-------------------------------------------\n");
    for (int i = 0; i < Math.min(num, first.size()); i++) {
      sb.append(first.get(i)).append('\n');
    }
    if (first.size() > num) {
      sb.append("...\n");
    }
    sb.append('\n');
    synchronized (out) {
      out.print(sb);
      out.flush();
    }
  }
}
