package io.ductstream.bench;

import io.ductstream.format.WireFormat;
import io.ductstream.format.WireFormatConverter;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.storage.Converter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * JMH: one operation is one anchor row encoded by the format's Kafka Connect converter ({@code
 * fromConnectData} with headers, as a worker calls it, default settings), so the score is
 * records/s.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ConverterEncodeBench {
  private static final String TOPIC = "bench.public.bench";

  @Param({"arrow", "parquet", "avro", "proto", "json"})
  public String format;

  private final Headers headers = new RecordHeaders();
  private Converter converter;
  private Struct[] pool;
  private int next;

  @Setup(Level.Trial)
  public void setUp() {
    converter = WireFormatConverter.create(WireFormat.parse(format));
    converter.configure(Map.of(), false);
    pool = RowPool.build();
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    converter.close();
  }

  @Benchmark
  public byte[] encodeRecord(EncodeCounters counters) {
    byte[] payload = converter.fromConnectData(TOPIC, headers, WriterRows.ROW, pool[next]);
    next = (next + 1) & (RowPool.SIZE - 1);
    counters.rows++;
    counters.bytes += payload.length;
    return payload;
  }
}
