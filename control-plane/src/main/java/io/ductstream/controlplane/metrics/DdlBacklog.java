package io.ductstream.controlplane.metrics;

import io.ductstream.controlplane.store.DdlEventStore;
import io.ductstream.metrics.MeterNames;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@link MeterNames#DDL_EVENTS_PENDING} per flow: the pending rows of the store's {@code
 * ddl_events} table, counted again before each scrape (one query).
 */
public final class DdlBacklog {
  private final DdlEventStore events;
  private final Optional<String> flowId;
  private final MultiGauge gauge;

  private DdlBacklog(DdlEventStore events, Optional<String> flowId, ProcessMetrics metrics) {
    this.events = events;
    this.flowId = flowId;
    this.gauge =
        MultiGauge.builder(MeterNames.DDL_EVENTS_PENDING)
            .description("Schema changes waiting for approval")
            .register(metrics.registry());
  }

  /** Publishes the pending events of every flow, or of flow {@code flowId} only. */
  public static void publish(
      DdlEventStore events, Optional<String> flowId, ProcessMetrics metrics) {
    DdlBacklog backlog = new DdlBacklog(events, flowId, metrics);
    metrics.beforeScrape(backlog::refresh);
  }

  void refresh() {
    List<MultiGauge.Row<?>> rows = new ArrayList<>();
    events
        .pendingPerFlow(flowId)
        .forEach(
            (flow, count) -> rows.add(MultiGauge.Row.of(Tags.of(MeterNames.FLOW, flow), count)));
    gauge.register(rows, true);
  }
}
