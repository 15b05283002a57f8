package io.ductstream.controlplane.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConnectorStateTest {

  @Test
  void summaryOfASinkTaskTraceNamesItsFirstAndRootCauses() {
    String trace =
        "org.apache.kafka.connect.errors.ConnectException: Exiting WorkerSinkTask due to"
            + " unrecoverable exception.\n"
            + "\tat org.apache.kafka.connect.runtime.WorkerSinkTask.deliverMessages(WorkerSinkTask.java:636)\n"
            + "Caused by: org.apache.kafka.connect.errors.ConnectException: S3 refused PUT lake/x:"
            + " The specified bucket does not exist\n"
            + "\tat io.ductstream.sink.s3.upload.Retrier.call(Retrier.java:57)\n"
            + "Caused by: software.amazon.awssdk.services.s3.model.NoSuchBucketException: nope\n";

    assertThat(ConnectClient.summary(trace))
        .isEqualTo(
            "org.apache.kafka.connect.errors.ConnectException: Exiting WorkerSinkTask due to"
                + " unrecoverable exception.; caused by"
                + " org.apache.kafka.connect.errors.ConnectException: S3 refused PUT lake/x: The"
                + " specified bucket does not exist; caused by"
                + " software.amazon.awssdk.services.s3.model.NoSuchBucketException: nope");
    assertThat(ConnectClient.summary("java.lang.IllegalStateException: boom\n\tat x.y(Z.java:1)"))
        .isEqualTo("java.lang.IllegalStateException: boom");
    assertThat(ConnectClient.summary("")).isEmpty();
  }

  @Test
  void failureNamesTheFirstFailedPartAndRunningNeedsEveryTaskRunning() {
    ConnectorState taskFailed =
        new ConnectorState(
            "c",
            "RUNNING",
            "w1:8083",
            "",
            List.of(
                new ConnectorState.Task(0, "RUNNING", "w1:8083", ""),
                new ConnectorState.Task(1, "FAILED", "w2:8083", "boom")));
    ConnectorState connectorFailed = new ConnectorState("c", "FAILED", "w1:8083", "bad", List.of());
    ConnectorState running =
        new ConnectorState(
            "c",
            "RUNNING",
            "w1:8083",
            "",
            List.of(new ConnectorState.Task(0, "RUNNING", "w1", "")));

    assertThat(taskFailed.failure()).hasValue("connector c task 1 FAILED on worker w2:8083: boom");
    assertThat(connectorFailed.failure()).hasValue("connector c FAILED on worker w1:8083: bad");
    assertThat(running.failure()).isEmpty();
    assertThat(running.running()).isTrue();
    assertThat(taskFailed.running()).isFalse();
    assertThat(new ConnectorState("c", "RUNNING", "w", "", List.of()).running())
        .as("no task yet")
        .isFalse();
    assertThat(ConnectorState.missing("c").running()).isFalse();
  }
}
