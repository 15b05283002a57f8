package io.ductstream.format;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.SchemaProjector;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.errors.SchemaProjectorException;

/**
 * Reads a value written with an older (or newer) writer schema as the reader's schema: every
 * converter and file reader hands back the writer's schema (it travels in-band), and this projects
 * it, by field name, with Connect's {@link SchemaProjector}: a column the writer lacked becomes its
 * default or NULL (it must be optional or have a default), a column the reader lacks is dropped.
 * Type changes other than numeric widening are refused.
 */
public final class SchemaEvolution {
  private SchemaEvolution() {}

  public static SchemaAndValue project(SchemaAndValue written, Schema reader) {
    if (written.schema() == null || written.schema().equals(reader)) {
      return written;
    }
    try {
      return new SchemaAndValue(
          reader, SchemaProjector.project(written.schema(), written.value(), reader));
    } catch (SchemaProjectorException e) {
      throw new DataException(
          "cannot read a record of schema "
              + written.schema().name()
              + " v"
              + written.schema().version()
              + " as "
              + reader.name()
              + " v"
              + reader.version()
              + ": "
              + e.getMessage(),
          e);
    }
  }
}
