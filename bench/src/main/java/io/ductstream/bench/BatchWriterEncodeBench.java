package io.ductstream.bench;

import io.ductstream.format.BatchWriter;
import io.ductstream.format.BatchWriterOptions;
import io.ductstream.format.BatchWriters;
import io.ductstream.format.CountingOutputStream;
import io.ductstream.format.WireFormat;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.connect.data.Struct;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * JMH: one operation is one file of {@code batchRows} anchor rows written by a fresh batch writer
 * into a byte-counting null stream and closed, so row groups and record batches are flushed as in
 * real use. Rows/s is the score times {@code batchRows}; {@link EncodeCounters} carries rows, bytes
 * and CPU time.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class BatchWriterEncodeBench {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  @Param({"arrow", "parquet", "avro", "proto", "json"})
  public String format;

  @Param("100000")
  public int batchRows;

  private WireFormat wireFormat;
  private Struct[] pool;
  private int next;

  @Setup(Level.Trial)
  public void setUp() {
    wireFormat = WireFormat.parse(format);
    pool = RowPool.build();
  }

  @Benchmark
  public long writeBatch(EncodeCounters counters) throws IOException {
    long cpuStart = THREADS.getCurrentThreadCpuTime();
    CountingOutputStream sink = new CountingOutputStream(OutputStream.nullOutputStream());
    try (BatchWriter writer =
        BatchWriters.create(wireFormat, WriterRows.ROW, sink, BatchWriterOptions.defaults())) {
      for (int i = 0; i < batchRows; i++) {
        writer.write(pool[next]);
        next = (next + 1) & (RowPool.SIZE - 1);
      }
    }
    counters.cpuNanos += THREADS.getCurrentThreadCpuTime() - cpuStart;
    counters.rows += batchRows;
    counters.bytes += sink.count();
    counters.peakRssMb = Measurements.peakRssMb(); // once per file: cheap next to the rows
    return sink.count();
  }
}
