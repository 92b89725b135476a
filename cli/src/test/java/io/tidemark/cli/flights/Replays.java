package io.tidemark.cli.flights;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.streaming.source.DeferredDecodingCursor;
import io.tidemark.streaming.source.ReplayCursor;
import io.tidemark.streaming.source.ReplayInput;
import io.tidemark.streaming.source.UndecodedRecords;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Test helpers for replay inputs. */
final class Replays {

  private Replays() {}

  static List<FlightRecord> readAll(ReplayInput<FlightRecord> input) throws IOException {
    return readFrom(input, 0);
  }

  static List<FlightRecord> readFrom(ReplayInput<FlightRecord> input, long offset)
      throws IOException {
    List<FlightRecord> out = new ArrayList<>();
    try (ReplayCursor<FlightRecord> c = input.openAt(offset)) {
      long expected = c.position();
      FlightRecord r;
      while ((r = c.next()) != null) {
        out.add(r);
        expected++;
        assertThat(c.position()).isEqualTo(expected);
      }
      assertThat(c.next()).isNull();
    }
    return out;
  }

  /**
   * Checks that openAt at every offset (inputs of up to 100 records; else at 0, 1, the middle,
   * the last), the end and past the end yields the tail of a full read, and that cursor positions
   * start at the offset (or the end).
   */
  static void assertOpenAtGivesTails(ReplayInput<FlightRecord> input) throws IOException {
    List<FlightRecord> all = readAll(input);
    int n = all.size();
    java.util.stream.LongStream offsets = n <= 100
        ? java.util.stream.LongStream.rangeClosed(0, n + 1)
        : java.util.stream.LongStream.of(0, 1, n / 2, Math.max(0, n - 1), n, n + 1, n + 1_000);
    for (long offset : offsets.toArray()) {
      List<FlightRecord> tail = all.subList((int) Math.min(offset, n), n);
      try (ReplayCursor<FlightRecord> c = input.openAt(offset)) {
        assertThat(c.position()).as("position at %d", offset).isEqualTo(Math.min(offset, n));
      }
      assertThat(readFrom(input, offset)).as("openAt(%d)", offset).isEqualTo(tail);
      assertDeferredDecodingGives(input, offset, tail);
    }
  }

  /**
   * If {@code input}'s cursors hand out undecoded records, reading them from {@code offset} in
   * runs of three and decoding each run in two calls (its first half, then the rest) gives
   * {@code expected} (malformed records, with their offsets, included), and each run starts at
   * the offset where the last one ended.
   */
  @SuppressWarnings("unchecked")
  static void assertDeferredDecodingGives(ReplayInput<FlightRecord> input, long offset, List<FlightRecord> expected)
      throws IOException {
    List<FlightRecord> decoded = new ArrayList<>();
    try (ReplayCursor<FlightRecord> c = input.openAt(offset)) {
      if (!(c instanceof DeferredDecodingCursor<?> d)) {
        return;
      }
      DeferredDecodingCursor<FlightRecord> deferred = (DeferredDecodingCursor<FlightRecord>) d;
      long position = c.position();
      UndecodedRecords<FlightRecord> run;
      do {
        run = deferred.nextUndecoded(3);
        assertThat(run.firstOffset()).as("first offset of a run").isEqualTo(position);
        assertThat(c.position()).as("position after a run").isEqualTo(position + run.size());
        position += run.size();
        int half = run.size() / 2;
        run.decode(0, half, decoded);
        run.decode(half, run.size(), decoded);
      } while (run.size() == 3);
      assertThat(deferred.nextUndecoded(3).size()).as("a run after the end").isZero();
    }
    assertThat(decoded).as("decoded from openAt(%d)", offset).isEqualTo(expected);
  }

  static Path write(Path file, String content) throws IOException {
    Files.writeString(file, content, StandardCharsets.UTF_8);
    return file;
  }

  static long utc(String yyyyMmDdHhMm) {
    return java.time.LocalDateTime.parse(yyyyMmDdHhMm,
            java.time.format.DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm"))
        .toInstant(java.time.ZoneOffset.UTC).toEpochMilli();
  }

  static Flight flight(String date, int delay, int distance, String origin, String destination) {
    return new Flight(utc(date), delay, distance, origin, destination);
  }
}
