package io.ductstream.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;

/** Field-by-field equality with a path in the failure message; bytes compare by content. */
final class StructAssert {
  private StructAssert() {}

  static void assertStructEquals(Struct actual, Struct expected) {
    assertValueEquals("", actual, expected);
  }

  static void assertValueEquals(String path, Object actual, Object expected) {
    if (expected instanceof Struct e) {
      assertThat(actual).as(path).isInstanceOf(Struct.class);
      Struct a = (Struct) actual;
      for (Field f : e.schema().fields()) {
        assertValueEquals(path + "." + f.name(), a.get(f.name()), e.get(f));
      }
    } else if (expected instanceof List<?> e) {
      assertThat(actual).as(path).isInstanceOf(List.class);
      List<?> a = (List<?>) actual;
      assertThat(a).as(path + " size").hasSize(e.size());
      for (int i = 0; i < e.size(); i++) {
        assertValueEquals(path + "[" + i + "]", a.get(i), e.get(i));
      }
    } else if (expected instanceof Map<?, ?> e) {
      assertThat(actual).as(path).isInstanceOf(Map.class);
      @SuppressWarnings("unchecked")
      Map<Object, Object> a = (Map<Object, Object>) actual;
      assertThat(a.keySet())
          .as(path + " keys")
          .containsExactlyInAnyOrderElementsOf(new java.util.ArrayList<Object>(e.keySet()));
      Iterator<? extends Map.Entry<?, ?>> it = e.entrySet().iterator();
      while (it.hasNext()) {
        Map.Entry<?, ?> entry = it.next();
        assertValueEquals(
            path + "{" + entry.getKey() + "}", a.get(entry.getKey()), entry.getValue());
      }
    } else if (expected instanceof byte[] e) {
      byte[] a = actual instanceof ByteBuffer b ? bytes(b) : (byte[]) actual;
      assertThat(a).as(path).isEqualTo(e);
    } else {
      assertThat(actual).as(path).isEqualTo(expected);
    }
  }

  private static byte[] bytes(ByteBuffer buffer) {
    byte[] out = new byte[buffer.remaining()];
    buffer.duplicate().get(out);
    return out;
  }
}
