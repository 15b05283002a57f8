package io.ductstream.sink.s3.layout;

import io.ductstream.sink.s3.record.RecordView;

/**
 * Every record as it is ({@code layout=envelope}): a change record keeps its envelope, {@code op},
 * {@code before}, {@code after}, {@code source}, {@code ts_us}, {@code unchanged}, {@code
 * overflow}.
 */
public final class EnvelopeLayout implements RowLayout {
  @Override
  public RowShape shape(RecordView record) {
    return RowShape.AS_IS;
  }
}
