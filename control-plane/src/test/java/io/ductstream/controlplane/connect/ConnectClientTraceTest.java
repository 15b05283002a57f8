package io.ductstream.controlplane.connect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConnectClientTraceTest {
  @Test
  void aTraceIsItsFirstLineAndItsRootCause() {
    String trace =
        "org.apache.kafka.connect.errors.ConnectException: Unrecoverable exception from producer"
            + " send callback\n"
            + "\tat org.apache.kafka.connect.runtime.AbstractWorkerSourceTask.maybeThrowProducerSendException\n"
            + "Caused by: org.apache.kafka.common.errors.RecordTooLargeException: The message is"
            + " 5243000 bytes when serialized which is larger than 1048576, which is the value of"
            + " the max.request.size configuration.\n";

    assertThat(ConnectClient.summary(trace))
        .isEqualTo(
            "org.apache.kafka.connect.errors.ConnectException: Unrecoverable exception from"
                + " producer send callback; caused by"
                + " org.apache.kafka.common.errors.RecordTooLargeException: The message is 5243000"
                + " bytes when serialized which is larger than 1048576, which is the value of the"
                + " max.request.size configuration.");
    assertThat(ConnectClient.summary("java.lang.IllegalStateException: x\n\tat a.b(C.java:1)"))
        .isEqualTo("java.lang.IllegalStateException: x");
    assertThat(ConnectClient.summary("")).isEmpty();
  }
}
