package io.ductstream.controlplane.ddl;

import java.time.Instant;
import java.util.Optional;

/** A schema change seen on a flow's source, awaiting or past its approval. */
public record DdlEvent(
    long id,
    String flowId,
    String ddl,
    Optional<String> lsn,
    DdlStatus status,
    Optional<String> planJson,
    Instant createdAt) {}
