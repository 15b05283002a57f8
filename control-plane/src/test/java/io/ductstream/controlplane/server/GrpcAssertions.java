package io.ductstream.controlplane.server;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.assertj.core.api.AbstractStringAssert;
import org.assertj.core.api.Assertions;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Asserts on the status a failed RPC answered with. */
final class GrpcAssertions {
  private GrpcAssertions() {}

  /** Asserts the call fails with {@code code}; returns an assertion on its description. */
  static AbstractStringAssert<?> assertFailsWith(Status.Code code, ThrowingCallable call) {
    String[] description = new String[1];
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              Assertions.assertThat(e.getStatus().getCode())
                  .as(String.valueOf(e.getStatus()))
                  .isEqualTo(code);
              description[0] = e.getStatus().getDescription();
            });
    return Assertions.assertThat(description[0]);
  }
}
