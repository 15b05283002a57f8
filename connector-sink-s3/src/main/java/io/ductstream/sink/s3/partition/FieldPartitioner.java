package io.ductstream.sink.s3.partition;

import io.ductstream.sink.s3.record.RecordView;
import java.util.List;

/**
 * Paths from field values, {@code region=eu/country=de}; a missing or null value is {@code null}.
 */
public final class FieldPartitioner implements Partitioner {
  private final List<String> fields;

  public FieldPartitioner(List<String> fields) {
    if (fields.isEmpty()) {
      throw new IllegalArgumentException("the field partitioner needs at least one field");
    }
    this.fields = List.copyOf(fields);
  }

  @Override
  public String path(RecordView record) {
    StringBuilder path = new StringBuilder();
    for (String field : fields) {
      if (path.length() > 0) {
        path.append('/');
      }
      Object value = record.field(field);
      path.append(field)
          .append('=')
          .append(RecordView.pathSegment(value == null ? "null" : value.toString()));
    }
    return path.toString();
  }
}
