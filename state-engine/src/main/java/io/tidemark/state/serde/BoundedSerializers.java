package io.tidemark.state.serde;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.serializers.CollectionSerializer;
import com.esotericsoftware.kryo.serializers.DefaultArraySerializers.ObjectArraySerializer;
import com.esotericsoftware.kryo.serializers.MapSerializer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/**
 * Kryo serializers that bound every length they read by the bytes left (see
 * {@link BoundedInput}) and, for hash-ordered collections, write deterministically.
 */
final class BoundedSerializers {
  private BoundedSerializers() {}

  /** Kryo's collection serializer with the size checked before the collection is allocated. */
  @SuppressWarnings("rawtypes")
  static final class BoundedCollectionSerializer<T extends Collection> extends CollectionSerializer<T> {
    @Override
    protected T create(Kryo kryo, Input input, Class<? extends T> type, int size) {
      BoundedInput.checkLength(input, size, 1);
      return super.create(kryo, input, type, size);
    }
  }

  /** Kryo's map serializer with the size checked before the map is allocated. */
  @SuppressWarnings("rawtypes")
  static final class BoundedMapSerializer<T extends Map> extends MapSerializer<T> {
    @Override
    protected T create(Kryo kryo, Input input, Class<? extends T> type, int size) {
      BoundedInput.checkLength(input, size, 2);
      return super.create(kryo, input, type, size);
    }
  }

  /** Kryo's object array serializer with the length checked before the array is allocated. */
  static final class BoundedObjectArraySerializer extends ObjectArraySerializer {
    BoundedObjectArraySerializer(Kryo kryo, @SuppressWarnings("rawtypes") Class type) {
      super(kryo, type);
    }

    @Override
    public Object[] read(Kryo kryo, Input input, @SuppressWarnings("rawtypes") Class type) {
      int start = input.position();
      int lengthPlusOne = input.readVarInt(true);
      input.setPosition(start);
      if (lengthPlusOne > 1) {
        BoundedInput.checkLength(input, lengthPlusOne - 1L, 1);
      }
      return super.read(kryo, input, type);
    }
  }

  /**
   * Writes a {@link HashMap} with its entries sorted by their keys' serialised bytes (unsigned),
   * so equal maps give equal bytes whatever their insertion history or capacity: a HashMap's
   * iteration order depends on both, and state keys are compared and hashed as bytes.
   */
  static final class DeterministicHashMapSerializer extends Serializer<HashMap<Object, Object>> {
    @Override
    public void write(Kryo kryo, Output output, HashMap<Object, Object> map) {
      output.writeVarInt(map.size(), true);
      List<Map.Entry<byte[], Object>> sorted = new ArrayList<>(map.size());
      for (Map.Entry<Object, Object> entry : map.entrySet()) {
        sorted.add(Map.entry(encode(kryo, entry.getKey()), valueOrNullMarker(entry.getValue())));
      }
      sorted.sort((a, b) -> Arrays.compareUnsigned(a.getKey(), b.getKey()));
      for (Map.Entry<byte[], Object> entry : sorted) {
        output.writeBytes(entry.getKey());
        kryo.writeClassAndObject(output,
            entry.getValue() == NULL_MARKER ? null : entry.getValue());
      }
    }

    @Override
    public HashMap<Object, Object> read(Kryo kryo, Input input,
        Class<? extends HashMap<Object, Object>> type) {
      int size = input.readVarInt(true);
      BoundedInput.checkLength(input, size, 2);
      HashMap<Object, Object> map = new HashMap<>((int) (size / 0.75f) + 1);
      for (int i = 0; i < size; i++) {
        Object key = kryo.readClassAndObject(input);
        map.put(key, kryo.readClassAndObject(input));
      }
      return map;
    }
  }

  /** Writes a {@link HashSet} sorted by its elements' serialised bytes, as the map above. */
  static final class DeterministicHashSetSerializer extends Serializer<HashSet<Object>> {
    @Override
    public void write(Kryo kryo, Output output, HashSet<Object> set) {
      output.writeVarInt(set.size(), true);
      List<byte[]> sorted = new ArrayList<>(set.size());
      for (Object element : set) {
        sorted.add(encode(kryo, element));
      }
      sorted.sort(Arrays::compareUnsigned);
      for (byte[] element : sorted) {
        output.writeBytes(element);
      }
    }

    @Override
    public HashSet<Object> read(Kryo kryo, Input input, Class<? extends HashSet<Object>> type) {
      int size = input.readVarInt(true);
      BoundedInput.checkLength(input, size, 1);
      HashSet<Object> set = new HashSet<>((int) (size / 0.75f) + 1);
      for (int i = 0; i < size; i++) {
        set.add(kryo.readClassAndObject(input));
      }
      return set;
    }
  }

  /** Map.entry rejects null values; a HashMap may hold them. */
  private static final Object NULL_MARKER = new Object();

  private static Object valueOrNullMarker(Object value) {
    return value == null ? NULL_MARKER : value;
  }

  /** The bytes {@code writeClassAndObject} gives for {@code value}, which it reads back alone. */
  private static byte[] encode(Kryo kryo, Object value) {
    Output output = new Output(32, -1);
    kryo.writeClassAndObject(output, value);
    return output.toBytes();
  }
}
