package io.ductstream.sink.s3.record;

/**
 * {@link RecordView#tablePath()} without building a string per record: the path of the last table
 * (or topic) is kept and reused while records keep coming from it, as they mostly do.
 */
public final class TablePaths {
  private String schema;
  private String table;
  private String topic;
  private String path;

  public String of(RecordView view) {
    if (view.isChangeEnvelope()) {
      String s = view.sourceSchema();
      String t = view.sourceTable();
      if (topic != null || !s.equals(schema) || !t.equals(table)) {
        schema = s;
        table = t;
        topic = null;
        path = RecordView.tablePath(s, t);
      }
      return path;
    }
    String name = view.record().topic();
    if (!name.equals(topic)) {
      topic = name;
      schema = null;
      table = null;
      path = RecordView.pathSegment(name);
    }
    return path;
  }
}
