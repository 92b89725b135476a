package io.tidemark.cli.flights;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;

/**
 * A Parquet file of flights (e.g. vega-datasets {@code flights-3m.parquet}), read column by
 * column with Parquet's low-level {@link ColumnReader}s, one row group in memory at a time. Only
 * the five flight columns are read (others are ignored). Offset {@code i} is the {@code i}-th
 * row of the file. {@link #openAt} skips whole row groups by their row counts from the footer
 * without reading them, then skips values inside the row group it lands in.
 *
 * <p>Accepted column types: {@code date} as INT64 TIMESTAMP (MILLIS/MICROS/NANOS, adjusted to
 * UTC or not: local times are read as UTC), INT64 without annotation (epoch ms), INT32 DATE,
 * INT96, or a string ({@code yyyy/MM/dd HH:mm} or epoch ms); {@code delay} and {@code distance}
 * as INT32, INT64, FLOAT or DOUBLE (values must be ints); {@code origin} and {@code destination}
 * as BINARY strings. A missing column or another type is an {@link IOException} at open. A null
 * or out-of-range value makes the row a {@link MalformedRecord}. Thread-safe to open.
 */
final class ParquetFlightInput extends FlightInput {

  private static final String[] COLUMNS = {"date", "delay", "distance", "origin", "destination"};

  private final Path path;

  ParquetFlightInput(Path path) {
    super(path.toString());
    this.path = path;
  }

  /** Opens the file and reads its schema (not its rows); seeking then skips by row counts. */
  @Override
  protected FlightCursor openCursor() throws IOException {
    ParquetFileReader reader = open(new LocalInputFile(path), description);
    try {
      return new Cursor(reader);
    } catch (IOException | RuntimeException e) {
      reader.close();
      throw e instanceof IOException io ? io
          : new IOException(description + ": cannot read Parquet schema: " + e, e);
    }
  }

  static ParquetFileReader open(InputFile file, String description) throws IOException {
    try {
      return ParquetFileReader.open(file);
    } catch (IOException | RuntimeException e) {
      throw new IOException(description + ": cannot open as Parquet: " + e, e);
    }
  }

  /** The projection of the file's schema on the five flight columns, in flight field order. */
  static MessageType projection(MessageType schema, String description) throws IOException {
    List<Type> fields = new ArrayList<>(COLUMNS.length);
    for (String name : COLUMNS) {
      if (!schema.containsField(name)) {
        throw new IOException(description + ": Parquet schema has no column '" + name + "': "
            + schema.toString().replace('\n', ' '));
      }
      Type t = schema.getType(name);
      if (!t.isPrimitive() || t.isRepetition(Type.Repetition.REPEATED)) {
        throw new IOException(description + ": Parquet column '" + name
            + "' is not a single primitive value: " + t);
      }
      fields.add(t);
    }
    return new MessageType(schema.getName(), fields);
  }

  // date kinds
  private static final int TIME_INT64_DIV = 0; // value / divisor (MILLIS:1, MICROS:1000, NANOS:1e6)
  private static final int TIME_INT32_DAYS = 1;
  private static final int TIME_INT96 = 2;
  private static final int TIME_STRING = 3;
  // int kinds
  private static final int INT_32 = 0;
  private static final int INT_64 = 1;
  private static final int INT_FLOAT = 2;
  private static final int INT_DOUBLE = 3;

  private final class Cursor extends FlightCursor {
    private final ParquetFileReader reader;
    private final MessageType projection;
    private final String createdBy;
    private final ColumnDescriptor[] columns;
    private final int[] maxDef = new int[5];
    private final ColumnReader[] col = new ColumnReader[5];
    private final int timeKind;
    private final long timeDivisor;
    private final int delayKind;
    private final int distanceKind;
    private final BinaryNames names = new BinaryNames();
    private final GroupConverter converter = new NoopGroupConverter(5);
    private long rowsLeftInGroup;
    private int nextGroupIndex;

    // values of the current row; the null flags say a value is absent
    private long timeValue;
    private Binary timeBinary;
    private long delayBits;
    private long distanceBits;
    private Binary origin;
    private Binary destination;
    private final boolean[] isNull = new boolean[5];

    Cursor(ParquetFileReader reader) throws IOException {
      super(ParquetFlightInput.this.description);
      this.reader = reader;
      MessageType schema = reader.getFooter().getFileMetaData().getSchema();
      this.projection = projection(schema, description);
      this.createdBy = reader.getFooter().getFileMetaData().getCreatedBy();
      reader.setRequestedSchema(projection);
      this.columns = new ColumnDescriptor[5];
      for (int i = 0; i < 5; i++) {
        columns[i] = projection.getColumnDescription(new String[] {COLUMNS[i]});
        maxDef[i] = columns[i].getMaxDefinitionLevel();
      }
      PrimitiveType date = columns[0].getPrimitiveType();
      LogicalTypeAnnotation dateLogical = date.getLogicalTypeAnnotation();
      switch (date.getPrimitiveTypeName()) {
        case INT64 -> {
          timeKind = TIME_INT64_DIV;
          if (dateLogical instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation ts) {
            timeDivisor = switch (ts.getUnit()) {
              case MILLIS -> 1L;
              case MICROS -> 1_000L;
              case NANOS -> 1_000_000L;
            };
          } else if (dateLogical == null) {
            timeDivisor = 1L;
          } else {
            throw unsupported(date);
          }
        }
        case INT32 -> {
          if (!(dateLogical instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation)) {
            throw unsupported(date);
          }
          timeKind = TIME_INT32_DAYS;
          timeDivisor = 1L;
        }
        case INT96 -> {
          timeKind = TIME_INT96;
          timeDivisor = 1L;
        }
        case BINARY -> {
          timeKind = TIME_STRING;
          timeDivisor = 1L;
        }
        default -> throw unsupported(date);
      }
      delayKind = intKind(columns[1].getPrimitiveType());
      distanceKind = intKind(columns[2].getPrimitiveType());
      for (int i = 3; i < 5; i++) {
        if (columns[i].getPrimitiveType().getPrimitiveTypeName() != PrimitiveTypeName.BINARY) {
          throw unsupported(columns[i].getPrimitiveType());
        }
      }
    }

    private int intKind(PrimitiveType t) throws IOException {
      return switch (t.getPrimitiveTypeName()) {
        case INT32 -> INT_32;
        case INT64 -> INT_64;
        case FLOAT -> INT_FLOAT;
        case DOUBLE -> INT_DOUBLE;
        default -> throw unsupported(t);
      };
    }

    private IOException unsupported(PrimitiveType t) {
      return new IOException(description + ": unsupported Parquet type for column '"
          + t.getName() + "': " + t);
    }

    /** Skips whole row groups by their footer row counts, then rows inside the next group. */
    @Override
    void skipTo(long offset) throws IOException {
      List<BlockMetaData> groups = reader.getRowGroups();
      while (rowsLeftInGroup == 0 && nextGroupIndex < groups.size()
          && position + groups.get(nextGroupIndex).getRowCount() <= offset) {
        long rows = groups.get(nextGroupIndex).getRowCount();
        reader.skipNextRowGroup();
        nextGroupIndex++;
        position += rows;
      }
      long inGroup = offset - position;
      if (inGroup > 0 && (rowsLeftInGroup > 0 || loadNextGroup())) {
        long n = Math.min(inGroup, rowsLeftInGroup);
        for (int c = 0; c < 5; c++) {
          ColumnReader r = col[c];
          int def = maxDef[c];
          for (long i = 0; i < n; i++) {
            if (r.getCurrentDefinitionLevel() == def) {
              r.skip();
            }
            r.consume();
          }
        }
        rowsLeftInGroup -= n;
        position += n;
      }
      super.skipTo(offset); // only reached past the end or in degenerate cases
    }

    private boolean loadNextGroup() throws IOException {
      while (true) {
        PageReadStore pages = reader.readNextRowGroup();
        if (pages == null) {
          return false;
        }
        nextGroupIndex++;
        if (pages.getRowCount() == 0) {
          continue;
        }
        ColumnReadStoreImpl store = new ColumnReadStoreImpl(pages, converter, projection, createdBy);
        for (int c = 0; c < 5; c++) {
          col[c] = store.getColumnReader(columns[c]);
        }
        names.clear();
        rowsLeftInGroup = pages.getRowCount();
        return true;
      }
    }

    @Override
    protected FlightRecord read() throws IOException {
      if (rowsLeftInGroup == 0 && !loadNextGroup()) {
        return null;
      }
      rowsLeftInGroup--;
      // date
      ColumnReader r = col[0];
      if (isNull[0] = r.getCurrentDefinitionLevel() != maxDef[0]) {
        timeBinary = null;
      } else {
        switch (timeKind) {
          case TIME_INT64_DIV -> timeValue = Math.floorDiv(r.getLong(), timeDivisor);
          case TIME_INT32_DAYS -> timeValue = r.getInteger() * 86_400_000L;
          case TIME_INT96 -> timeValue = int96ToMillis(r.getBinary());
          default -> {
            timeBinary = r.getBinary();
            timeValue = FlightFields.parseTime(timeBinary.toStringUsingUTF8());
          }
        }
      }
      r.consume();
      delayBits = readNumber(col[1], 1, delayKind);
      distanceBits = readNumber(col[2], 2, distanceKind);
      r = col[3];
      origin = (isNull[3] = r.getCurrentDefinitionLevel() != maxDef[3]) ? null : r.getBinary();
      r.consume();
      r = col[4];
      destination = (isNull[4] = r.getCurrentDefinitionLevel() != maxDef[4]) ? null : r.getBinary();
      r.consume();

      String reason = validate();
      if (reason != null) {
        return new MalformedRecord(position, render(), reason);
      }
      return new Flight(timeValue, (int) delayBits, (int) distanceBits,
          names.get(origin), names.get(destination));
    }

    /** Reads an int column as a long, or a float column as its raw double bits. */
    private long readNumber(ColumnReader r, int c, int kind) {
      long v = 0;
      if (!(isNull[c] = r.getCurrentDefinitionLevel() != maxDef[c])) {
        v = switch (kind) {
          case INT_32 -> r.getInteger();
          case INT_64 -> r.getLong();
          case INT_FLOAT -> Double.doubleToRawLongBits(r.getFloat());
          default -> Double.doubleToRawLongBits(r.getDouble());
        };
      }
      r.consume();
      return v;
    }

    private String validate() {
      if (isNull[0]) {
        return "date: null";
      }
      if (timeValue == FlightFields.NO_TIME) {
        return "date: not a time (yyyy/MM/dd HH:mm or epoch ms): "
            + FlightFields.quoteForReason(timeBinary == null ? "?" : timeBinary.toStringUsingUTF8());
      }
      String e = checkInt(1, delayKind);
      if (e != null) {
        return "delay: " + e;
      }
      delayBits = asInt(delayBits, delayKind);
      e = checkInt(2, distanceKind);
      if (e != null) {
        return "distance: " + e;
      }
      distanceBits = asInt(distanceBits, distanceKind);
      if (isNull[3]) {
        return "origin: null";
      }
      if (isBlank(origin)) {
        return "origin: empty";
      }
      if (isNull[4]) {
        return "destination: null";
      }
      if (isBlank(destination)) {
        return "destination: empty";
      }
      return null;
    }

    private String checkInt(int c, int kind) {
      if (isNull[c]) {
        return "null";
      }
      long bits = c == 1 ? delayBits : distanceBits;
      if (kind == INT_32) {
        return null;
      }
      if (kind == INT_64) {
        return bits == (int) bits ? null : "out of int range: " + bits;
      }
      double d = Double.longBitsToDouble(bits);
      return d == Math.rint(d) && d >= Integer.MIN_VALUE && d <= Integer.MAX_VALUE
          ? null : "not an int: " + d;
    }

    private long asInt(long bits, int kind) {
      return kind == INT_FLOAT || kind == INT_DOUBLE ? (long) Double.longBitsToDouble(bits) : bits;
    }

    private boolean isBlank(Binary b) {
      return b.length() == 0 || names.get(b).isBlank(); // cached: no decoding per row
    }

    private String render() {
      StringBuilder sb = new StringBuilder(128).append("{\"date\":");
      if (isNull[0]) {
        sb.append("null");
      } else if (timeBinary != null) {
        sb.append('"').append(timeBinary.toStringUsingUTF8()).append('"');
      } else {
        sb.append(timeValue);
      }
      sb.append(",\"delay\":").append(numberText(1, delayBits, delayKind));
      sb.append(",\"distance\":").append(numberText(2, distanceBits, distanceKind));
      sb.append(",\"origin\":")
          .append(isNull[3] ? "null" : '"' + origin.toStringUsingUTF8() + '"');
      sb.append(",\"destination\":")
          .append(isNull[4] ? "null" : '"' + destination.toStringUsingUTF8() + '"');
      return sb.append('}').toString();
    }

    private String numberText(int c, long bits, int kind) {
      if (isNull[c]) {
        return "null";
      }
      return kind == INT_32 || kind == INT_64
          ? Long.toString(bits) : Double.toString(Double.longBitsToDouble(bits));
    }

    @Override
    protected void closeResources() throws IOException {
      reader.close();
    }
  }

  /** INT96 timestamp: 8 bytes nanos of day then 4 bytes Julian day, little-endian. */
  static long int96ToMillis(Binary b) {
    ByteBuffer buf = b.toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    long nanosOfDay = buf.getLong(buf.position());
    int julianDay = buf.getInt(buf.position() + 8);
    return (julianDay - 2_440_588L) * 86_400_000L + Math.floorDiv(nanosOfDay, 1_000_000L);
  }

  /**
   * Binary-to-String for dictionary-encoded columns: the dictionary hands out the same
   * {@link Binary} instance for each id within a row group, so an identity-keyed direct-mapped
   * cache turns almost every lookup into a hit without decoding; a miss decodes and shares the
   * string through a {@link NameCache}.
   */
  private static final class BinaryNames {
    private static final int SLOTS = 1024;
    private final Binary[] keys = new Binary[SLOTS];
    private final String[] values = new String[SLOTS];
    private final NameCache names = new NameCache();

    String get(Binary b) {
      int slot = System.identityHashCode(b) & (SLOTS - 1);
      if (keys[slot] == b) {
        return values[slot];
      }
      String s = names.get(b.toStringUsingUTF8());
      keys[slot] = b;
      values[slot] = s;
      return s;
    }

    void clear() {
      java.util.Arrays.fill(keys, null);
    }
  }

  /** Converter required by {@link ColumnReadStoreImpl}; values are read from the readers. */
  private static final class NoopGroupConverter extends GroupConverter {
    private final PrimitiveConverter[] children;

    NoopGroupConverter(int n) {
      children = new PrimitiveConverter[n];
      for (int i = 0; i < n; i++) {
        children[i] = new PrimitiveConverter() {};
      }
    }

    @Override
    public Converter getConverter(int fieldIndex) {
      return children[fieldIndex];
    }

    @Override
    public void start() {}

    @Override
    public void end() {}
  }
}
