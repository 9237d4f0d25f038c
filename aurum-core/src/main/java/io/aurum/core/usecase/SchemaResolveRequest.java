package io.aurum.core.usecase;

import io.aurum.core.error.Vocabulary;
import io.aurum.core.model.PartitionKey;
import io.aurum.core.model.Priority;
import io.aurum.core.model.SourceId;
import io.aurum.core.request.Origin;
import java.util.List;
import java.util.Objects;

/**
 * A schema resolution as asked (runbook §3.5.2, upgrade_to_latest): the partitions of a
 * version-conflicts file ({@code conflicts} names it in messages), the version that file expected
 * (null: none), the migration script (null: none given), priority and reason (null: one naming the
 * version and the file). Validated by {@link Schemas#upgrade}.
 */
public record SchemaResolveRequest(
    SourceId source,
    String conflicts,
    String expectedVersion,
    Script migration,
    List<PartitionKey> partitions,
    Priority priority,
    String reason,
    Origin origin) {

  public SchemaResolveRequest {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(conflicts, "conflicts");
    partitions = partitions == null ? List.of() : List.copyOf(partitions);
    priority = priority == null ? Priority.NORMAL : priority;
    origin = origin == null ? Vocabulary.CONCEPTS : origin;
  }
}
