package io.ductstream.source.pg.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PgConnectionsTest {
  /** A connection whose close() is counted and fails with {@code closeFailure} when set. */
  private static Connection connection(AtomicInteger closes, SQLException closeFailure) {
    return (Connection)
        Proxy.newProxyInstance(
            Connection.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            (proxy, method, args) -> {
              if (method.getName().equals("close")) {
                closes.incrementAndGet();
                if (closeFailure != null) {
                  throw closeFailure;
                }
                return null;
              }
              throw new UnsupportedOperationException(method.getName());
            });
  }

  @Test
  void anErrorOrUnexpectedRuntimeExceptionClosesTheConnectionItEnded() {
    // ReplicationSession.open and ReplicationSlot.createExporting closed it on SQLException only:
    // the replication connection of any other failure stayed open and kept the slot active
    for (Throwable failure :
        new Throwable[] {
          new OutOfMemoryError("injected"),
          new IllegalStateException("injected"),
          new SQLException("injected")
        }) {
      AtomicInteger closes = new AtomicInteger();
      PgConnections.closeAfter(connection(closes, null), failure);
      System.out.println("injected: " + failure + "; checked: the connection was closed");
      assertThat(closes).as(failure.toString()).hasValue(1);
      assertThat(failure.getSuppressed()).isEmpty();
    }
  }

  @Test
  void aFailureToCloseIsKeptBesideTheFailureThatEndedTheSetup() {
    AtomicInteger closes = new AtomicInteger();
    Error failure = new StackOverflowError("injected");
    SQLException closeFailure = new SQLException("connection reset");
    PgConnections.closeAfter(connection(closes, closeFailure), failure);
    assertThat(closes).hasValue(1);
    assertThat(failure.getSuppressed()).containsExactly(closeFailure);
  }
}
