package io.ductstream.sink.s3.partition;

import io.ductstream.sink.s3.naming.PathSegments;
import io.ductstream.sink.s3.record.RecordView;
import java.util.List;
import org.apache.kafka.connect.data.SchemaAndValue;

/**
 * Paths from field values, {@code region=eu/country=de}: each value written by its Connect type and
 * encoded by {@link PathSegments} (a missing or null value is {@code __null__}).
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
      SchemaAndValue value = record.fieldWithSchema(field);
      path.append(PathSegments.of(field))
          .append('=')
          .append(PathSegments.ofValue(value.schema(), value.value()));
    }
    return path.toString();
  }
}
