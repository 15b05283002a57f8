package io.ductstream.controlplane.runtime;

import io.ductstream.source.pg.records.ChangeRecord;
import io.ductstream.source.pg.records.TransactionAcks;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * The records handed to the destinations and not yet acknowledged to the source, in order, kept
 * small: consecutive records of one transaction (or of one snapshot hand-over, which share an
 * offset) form one group holding only its transaction, its last offset and its sequence range, not
 * the rows. A group is acknowledged only once all of its records are durable, so the stored
 * position is always the end of a group: a transaction's end, or a snapshot hand-over's.
 */
final class PendingAcks {
  /** A run of records: sequence numbers {@code first..last}. */
  static final class Group {
    final long first;
    long last;
    int count;
    final TransactionAcks.Transaction transaction;
    Map<String, ?> partition;
    Map<String, ?> offset;
    final String topic;
    final Long timestamp;
    boolean resumable;

    /** Backfill signal transactions whose plan the records of this group were first to carry. */
    final List<TransactionAcks.Transaction> settles = new ArrayList<>(0);

    private Group(long sequence, SourceRecord record, TransactionAcks.Transaction transaction) {
      this.first = sequence;
      this.last = sequence;
      this.count = 1;
      this.transaction = transaction;
      this.partition = record.sourcePartition();
      this.offset = record.sourceOffset();
      this.topic = record.topic();
      this.timestamp = record.timestamp();
      this.resumable = resumable(record);
    }

    /** True for a group of streamed changes: a replay emits them again in the same order. */
    boolean replaysAlike() {
      return transaction != null;
    }

    /** A record with no row that the source task counts as one of this group's. */
    SourceRecord acknowledgement() {
      return new ChangeRecord(transaction, partition, offset, topic, null, null, null, null, null);
    }

    /** Records with no row that tell the source task this group's offsets carry those plans. */
    List<SourceRecord> settlements() {
      List<SourceRecord> records = new ArrayList<>(settles.size());
      for (TransactionAcks.Transaction signal : settles) {
        ChangeRecord record =
            new ChangeRecord(null, partition, offset, topic, null, null, null, null, null);
        record.settles(signal);
        records.add(record);
      }
      return records;
    }
  }

  private final Deque<Group> groups = new ArrayDeque<>();

  void add(long sequence, SourceRecord record) {
    TransactionAcks.Transaction transaction =
        record instanceof ChangeRecord change ? change.transaction() : null;
    TransactionAcks.Transaction settles =
        record instanceof ChangeRecord change ? change.settles() : null;
    Group last = groups.peekLast();
    // a group that ends where a restart can resume keeps that end: a record after which it could
    // not starts a group of its own
    if (last != null
        && extends_(last, record, transaction)
        && (!last.resumable || resumable(record))) {
      last.last = sequence;
      last.count++;
      last.offset = record.sourceOffset();
      last.partition = record.sourcePartition();
      last.resumable = resumable(record);
      if (settles != null) {
        last.settles.add(settles);
      }
      return;
    }
    Group group = new Group(sequence, record, transaction);
    if (settles != null) {
      group.settles.add(settles);
    }
    groups.addLast(group);
  }

  /**
   * A record joins the last group when it belongs to the same transaction; a record of no
   * transaction (snapshot, backfill) only when it carries the very same offset (one hand-over).
   */
  private static boolean extends_(
      Group group, SourceRecord record, TransactionAcks.Transaction transaction) {
    if (transaction != null) {
      return group.transaction == transaction;
    }
    return group.transaction == null && group.offset == record.sourceOffset();
  }

  private static boolean resumable(SourceRecord record) {
    return !(record instanceof ChangeRecord change) || change.resumable();
  }

  /**
   * How many groups from the head may be committed: those up to the last one that ends at a
   * resumable record and whose records are all below {@code durable}.
   */
  int committable(long durable) {
    int count = 0;
    int index = 0;
    for (Group group : groups) {
      if (group.last >= durable) {
        break;
      }
      index++;
      if (group.resumable) {
        count = index;
      }
    }
    return count;
  }

  /** True when one of the groups after the first {@code count} is not streamed changes. */
  boolean tailHasSnapshotRows(int count) {
    int index = 0;
    for (Group group : groups) {
      if (index++ >= count && !group.replaysAlike()) {
        return true;
      }
    }
    return false;
  }

  /** True when the last group ends at a resumable record. */
  boolean endsResumable() {
    return !groups.isEmpty() && groups.peekLast().resumable;
  }

  /** The first {@code count} groups, left in place. */
  List<Group> peek(int count) {
    List<Group> head = new ArrayList<>(count);
    for (Group group : groups) {
      if (head.size() == count) {
        break;
      }
      head.add(group);
    }
    return head;
  }

  /** Removes and returns the first {@code count} groups. */
  List<Group> take(int count) {
    List<Group> taken = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      taken.add(groups.pollFirst());
    }
    return taken;
  }

  /**
   * The commit time (epoch ms) of the oldest change not yet acknowledged, if it has one (snapshot
   * rows have none).
   */
  java.util.OptionalLong oldestTimestamp() {
    Group first = groups.peekFirst();
    return first == null || first.timestamp == null
        ? java.util.OptionalLong.empty()
        : java.util.OptionalLong.of(first.timestamp);
  }

  int groups() {
    return groups.size();
  }

  boolean isEmpty() {
    return groups.isEmpty();
  }
}
