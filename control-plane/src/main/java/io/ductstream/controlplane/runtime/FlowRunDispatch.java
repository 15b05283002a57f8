package io.ductstream.controlplane.runtime;

import io.ductstream.controlplane.flow.FlowDefinition;

/**
 * Starts one run of a flow until caught up (RunFlowOnce): in a thread of the API server ({@link
 * FlowRunners}), or as a durable DBOS workflow on a queue.
 */
public interface FlowRunDispatch {
  /**
   * @return false when a run of the flow is already going on (or waiting to)
   */
  boolean dispatch(FlowDefinition flow);
}
