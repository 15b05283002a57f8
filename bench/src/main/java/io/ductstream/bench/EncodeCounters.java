package io.ductstream.bench;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What one JMH iteration of an encode benchmark did, reported next to its score: rows (records)
 * encoded, bytes they became, the benchmark thread's CPU time (batch writers only: reading it per
 * record would cost more than encoding) and the forked JVM's peak RSS (VmHWM) at the iteration's
 * start, or after each file for the batch writers.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.EVENTS)
public class EncodeCounters {
  public long rows;
  public long bytes;
  public long cpuNanos;
  public long peakRssMb;

  /** JMH keeps the fields across iterations; each iteration reports its own. */
  @Setup(Level.Iteration)
  public void reset() {
    rows = 0;
    bytes = 0;
    cpuNanos = 0;
    peakRssMb = Measurements.peakRssMb();
  }
}
