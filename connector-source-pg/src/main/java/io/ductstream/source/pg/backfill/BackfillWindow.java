package io.ductstream.source.pg.backfill;

import io.ductstream.source.pg.records.ReadRow;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.apache.kafka.connect.data.Struct;

/**
 * The watermark window of one chunk (the DBLog algorithm): between the chunk's low and high
 * watermarks the stream notes the keys of the table that changed; at the high watermark the chunk's
 * rows with those keys are dropped, because the stream already carried a change at least as new.
 * What is left is emitted there, so no row read by the chunk overtakes a newer change of its key.
 */
final class BackfillWindow {
  private final Set<Struct> changed = new HashSet<>();
  private boolean open;
  private boolean truncated;
  private int relationId;

  /** The low watermark of a chunk of {@code relationId} passed in the stream. */
  void open(int relationId) {
    this.relationId = relationId;
    this.open = true;
    this.truncated = false;
    changed.clear();
  }

  boolean isOpen() {
    return open;
  }

  /** A streamed change of a table; counts when it is the chunk's table and the window is open. */
  void changed(int relationId, Struct key) {
    if (open && relationId == this.relationId && key != null) {
      changed.add(key);
    }
  }

  /** The chunk's table was truncated inside the window: no row read by the chunk may be emitted. */
  void truncated(int relationId) {
    if (open && relationId == this.relationId) {
      truncated = true;
    }
  }

  /**
   * The high watermark passed: removes from {@code rows} (key, row pairs in key order) every row
   * whose key changed in the window, and closes the window.
   */
  void close(List<ReadRow> rows) {
    if (truncated) {
      rows.clear();
    } else if (!changed.isEmpty()) {
      for (Iterator<ReadRow> it = rows.iterator(); it.hasNext(); ) {
        if (changed.contains(it.next().key())) {
          it.remove();
        }
      }
    }
    open = false;
    changed.clear();
  }
}
