package io.ductstream.controlplane.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ductstream.controlplane.flow.Checkpoint;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.connect.storage.OffsetStorageReader;
import org.postgresql.replication.LogSequenceNumber;

/**
 * What the flow runner keeps in a flow's {@code ductstream.checkpoints} row: the LSN (for people
 * and the API), and in its metadata the source task's Connect partition and offset (what the task
 * resumes from) and the record sequence (the offsets the S3 sink saw, which name its objects, so a
 * replay after a crash rewrites the same objects). A row without an offset (written by
 * PutCheckpoint, or by the control plane from a Connect cluster's offsets) starts the next run at
 * its LSN.
 *
 * <p>A runner row without an offset reserves the sequence of a run that has not committed yet (so
 * what a crashed first run uploaded can be told from what was committed); its LSN, when not 0/0, is
 * where that run was asked to start.
 *
 * @param partition the source task's partition, or null in a reservation
 * @param offset the source task's offset, or null in a reservation
 * @param sequence the sequence number of the next record
 * @param watermarks per S3 destination and topic, the offset below which that destination has
 *     everything durable, where it is above {@code sequence}
 */
public record RunnerCheckpoint(
    Map<String, Object> partition,
    Map<String, Object> offset,
    long sequence,
    Map<String, Map<String, Long>> watermarks) {
  static final String RUNNER = "runner";
  static final String RUNNER_NAME = "ductstream-worker";
  static final String PARTITION = "partition";
  static final String OFFSET = "offset";
  static final String SEQUENCE = "sequence";
  static final String WATERMARKS = "watermarks";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The runner's row in a stored checkpoint, if it is one (a position or a reservation). */
  static Optional<RunnerCheckpoint> read(Checkpoint checkpoint) {
    Map<String, String> metadata = checkpoint.metadata();
    if (!RUNNER_NAME.equals(metadata.get(RUNNER))) {
      return Optional.empty();
    }
    long sequence;
    try {
      sequence = Long.parseLong(metadata.getOrDefault(SEQUENCE, ""));
    } catch (NumberFormatException e) {
      return Optional.empty(); // a hand-edited row: treated as a position only
    }
    boolean position = metadata.get(OFFSET) != null && metadata.get(PARTITION) != null;
    Map<String, Map<String, Long>> watermarks = new LinkedHashMap<>();
    if (metadata.get(WATERMARKS) != null) {
      parse(metadata.get(WATERMARKS))
          .forEach(
              (destination, marks) -> {
                Map<String, Long> topics = new LinkedHashMap<>();
                if (marks instanceof Map<?, ?> map) {
                  map.forEach(
                      (topic, mark) -> {
                        if (mark instanceof Number n) {
                          topics.put(String.valueOf(topic), n.longValue());
                        }
                      });
                }
                watermarks.put(destination, topics);
              });
    }
    return Optional.of(
        new RunnerCheckpoint(
            position ? parse(metadata.get(PARTITION)) : null,
            position ? parse(metadata.get(OFFSET)) : null,
            sequence,
            watermarks));
  }

  /** True when this row holds a source position (not only a reservation). */
  boolean hasPosition() {
    return offset != null;
  }

  /** A reservation: a run that starts at {@code lsn} (0/0: where the source decides). */
  static Checkpoint reservation(String flowId, String lsn, long sequence) {
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put(RUNNER, RUNNER_NAME);
    metadata.put(SEQUENCE, Long.toString(sequence));
    return new Checkpoint(flowId, lsn, metadata, Instant.now());
  }

  /** The row to store: LSN from the offset's {@code lsn}. */
  Checkpoint toCheckpoint(String flowId) {
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put(RUNNER, RUNNER_NAME);
    metadata.put(PARTITION, write(partition));
    metadata.put(OFFSET, write(offset));
    metadata.put(SEQUENCE, Long.toString(sequence));
    if (watermarks.values().stream().anyMatch(m -> !m.isEmpty())) {
      metadata.put(WATERMARKS, write(watermarks));
    }
    return new Checkpoint(flowId, lsnText(offset), metadata, Instant.now());
  }

  /** {@code X/XXXXXXXX} of the offset's {@code lsn} (0/0 when it has none). */
  static String lsnText(Map<String, ?> offset) {
    Object lsn = offset == null ? null : offset.get("lsn");
    long value = lsn instanceof Number n ? n.longValue() : 0L;
    return LogSequenceNumber.valueOf(value).asString();
  }

  /**
   * The first sequence number of a flow with nothing stored: the clock in milliseconds shifted left
   * by 20 bits. Every fresh start begins beyond any number an earlier incarnation of the flow (same
   * name, same bucket prefix) can have reached (it would need more than a million records per
   * millisecond), so no object of an earlier incarnation is overwritten; and the numbers stay below
   * 2^63 until the year 2248.
   */
  static long freshSequence(long nowMillis) {
    return nowMillis << 20;
  }

  /** The stored offset for the task's partition, as Connect's offset storage would give it. */
  OffsetStorageReader reader() {
    RunnerCheckpoint stored = this;
    return new OffsetStorageReader() {
      @Override
      public <T> Map<String, Object> offset(Map<String, T> partition) {
        return stored.offset != null && Objects.equals(normalize(partition), stored.partition)
            ? stored.offset
            : null;
      }

      @Override
      public <T> Map<Map<String, T>, Map<String, Object>> offsets(
          Collection<Map<String, T>> partitions) {
        Map<Map<String, T>, Map<String, Object>> found = new HashMap<>();
        for (Map<String, T> partition : partitions) {
          Map<String, Object> offset = offset(partition);
          if (offset != null) {
            found.put(partition, offset);
          }
        }
        return found;
      }
    };
  }

  /**
   * The offset of a checkpoint moved to {@code lsn}: the transaction committed there counts as
   * delivered, the stream resumes after it (what Connect's offsets API gives the same move).
   */
  static OffsetStorageReader movedTo(String lsn) {
    Map<String, Object> offset = new LinkedHashMap<>();
    offset.put("lsn", LogSequenceNumber.valueOf(lsn).asLong());
    return new OffsetStorageReader() {
      @Override
      public <T> Map<String, Object> offset(Map<String, T> partition) {
        return offset;
      }

      @Override
      public <T> Map<Map<String, T>, Map<String, Object>> offsets(
          Collection<Map<String, T>> partitions) {
        Map<Map<String, T>, Map<String, Object>> found = new HashMap<>();
        partitions.forEach(p -> found.put(p, offset));
        return found;
      }
    };
  }

  /** An offset reader with nothing stored. */
  static OffsetStorageReader empty() {
    return new RunnerCheckpoint(null, null, -1, Map.of()).reader();
  }

  static String write(Map<String, ?> map) {
    try {
      return JSON.writeValueAsString(map);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot store the source offset " + map + ": " + e, e);
    }
  }

  /** Whole numbers come back as Long, as Connect's own offset storage gives them. */
  static Map<String, Object> parse(String json) {
    try {
      Map<String, Object> map = JSON.readValue(json, new TypeReference<Map<String, Object>>() {});
      return normalize(map);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the stored source offset is not JSON: " + e.getMessage(), e);
    }
  }

  private static <T> Map<String, Object> normalize(Map<String, T> map) {
    Map<String, Object> normalized = new LinkedHashMap<>();
    map.forEach(
        (key, value) ->
            normalized.put(
                key,
                value instanceof Integer || value instanceof Short || value instanceof Byte
                    ? Long.valueOf(((Number) value).longValue())
                    : value));
    return normalized;
  }
}
