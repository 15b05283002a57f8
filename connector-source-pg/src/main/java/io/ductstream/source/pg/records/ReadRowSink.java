package io.ductstream.source.pg.records;

import io.ductstream.source.pg.decoding.RelationMessage;
import java.util.List;
import java.util.Map;

/** Where rows read from a table (not from the WAL) are emitted, at the stream's current point. */
public interface ReadRowSink {
  /** The mapper of a captured table (the stream's own), or null when it is not captured. */
  TableMapper mapper(RelationMessage relation);

  /**
   * Emits {@code rows} as {@code op=r} records here.
   *
   * @param lastOffsetEntry what the last row's offset carries (the read progress after it), or null
   */
  void emitRead(TableMapper mapper, List<ReadRow> rows, Map<String, Object> lastOffsetEntry);
}
