package io.ductstream.bench;

import org.apache.kafka.connect.data.Struct;

/**
 * Distinct anchor rows (ids 1..{@value #SIZE}) built once, for encode benchmarks to cycle through:
 * real values without building a struct per row written.
 */
final class RowPool {
  /** A power of two, so the next index is a mask, not a division. */
  static final int SIZE = 65_536;

  private RowPool() {}

  static Struct[] build() {
    WriterRows generator = new WriterRows();
    Struct[] pool = new Struct[SIZE];
    for (int i = 0; i < SIZE; i++) {
      pool[i] = generator.row(i + 1);
    }
    return pool;
  }
}
