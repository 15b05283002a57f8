package io.ductstream.controlplane.server;

import java.time.Duration;

/**
 * What one API server takes on at once: calls running, threads running them, calls per connection,
 * the size of a request and how long a call may take before it is answered DEADLINE_EXCEEDED
 * (whatever deadline the client gave, or none).
 */
public record ApiLimits(
    int maxConcurrentCalls,
    int callThreads,
    int maxCallsPerConnection,
    int maxMessageBytes,
    Duration maxCallDuration) {

  /** The limits of bin/ductstream. */
  public static final ApiLimits DEFAULT =
      new ApiLimits(64, 16, 32, 1024 * 1024, Duration.ofSeconds(60));

  /** These limits with another longest call. */
  public ApiLimits withMaxCallDuration(Duration duration) {
    return new ApiLimits(
        maxConcurrentCalls, callThreads, maxCallsPerConnection, maxMessageBytes, duration);
  }

  /** These limits with another number of concurrent calls. */
  public ApiLimits withMaxConcurrentCalls(int calls) {
    return new ApiLimits(
        calls, callThreads, maxCallsPerConnection, maxMessageBytes, maxCallDuration);
  }
}
