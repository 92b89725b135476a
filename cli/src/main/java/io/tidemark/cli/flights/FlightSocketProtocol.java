package io.tidemark.cli.flights;

/**
 * The line protocol between a {@link FlightSocketSender} and a {@link FlightSocketReceiver}
 * (UTF-8, lines end with {@code \n}):
 *
 * <ul>
 *   <li>receiver → sender, once per connection, first: {@code FROM <n>} — send records from
 *       sequence number {@code n} on (the position the receiver stored last, plus one; 0 at
 *       first). Everything below {@code n} counts as acknowledged.
 *   <li>sender → receiver: {@code <seq>\t<record>} — one record as one line (JSON or CSV, see
 *       {@link FlightLines}), {@code seq} counting from 0 without gaps.
 *   <li>receiver → sender: {@code ACK <seq>} — every record up to {@code seq} is stored durably
 *       with its position; the sender may forget them.
 *   <li>sender → receiver: {@code END <total>} — the input has {@code total} records (seq 0 to
 *       total − 1); nothing follows.
 *   <li>sender → receiver, instead of records: {@code ERROR <message>}, then it closes.
 * </ul>
 *
 * The sender keeps every record it sent that is not acknowledged and sends them again on the
 * next connection's {@code FROM}, so a receiver that dies between storing and acknowledging
 * loses nothing, and one that resumes from its stored position counts nothing twice.
 * Thread-safe (static).
 */
public final class FlightSocketProtocol {
  static final String FROM = "FROM";
  static final String ACK = "ACK";
  static final String END = "END";
  static final String ERROR = "ERROR";
  /** The longest line either side reads, in bytes of UTF-8; a longer record line is cut. */
  static final int MAX_LINE_BYTES = 1 << 20;

  private FlightSocketProtocol() {}

  /** The line carrying record {@code seq}. */
  static String recordLine(long seq, String record) {
    return seq + "\t" + record;
  }

  /**
   * The sequence number of a record line.
   *
   * @throws IllegalArgumentException naming {@code where} if it is not {@code <seq>\t…}
   */
  public static long seqOf(String recordLine, String where) {
    int tab = recordLine.indexOf('\t');
    if (tab <= 0) {
      throw new IllegalArgumentException(where + ": not a record line <seq>\\t<record>: " + cut(recordLine));
    }
    return number(recordLine.substring(0, tab), recordLine, where);
  }

  /** The record text of a record line (after the tab). */
  public static String recordOf(String recordLine) {
    return recordLine.substring(recordLine.indexOf('\t') + 1);
  }

  /** {@code command + " " + n}. */
  static String command(String command, long n) {
    return command + " " + n;
  }

  /**
   * The number of a line {@code <command> <n>}, or -1 if the line is another command.
   *
   * @throws IllegalArgumentException naming {@code where} if the number is not a non-negative long
   */
  static long argumentOf(String line, String command, String where) {
    if (!line.startsWith(command + " ")) {
      return -1;
    }
    return number(line.substring(command.length() + 1), line, where);
  }

  private static long number(String text, String line, String where) {
    try {
      long n = Long.parseLong(text.trim());
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(where + ": expected a non-negative number in " + cut(line));
  }

  private static String cut(String line) {
    return line.length() <= 80 ? "'" + line + "'" : "'" + line.substring(0, 80) + "…'";
  }
}
