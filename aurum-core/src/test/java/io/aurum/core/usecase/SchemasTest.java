package io.aurum.core.usecase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurum.core.config.AurumConfig;
import io.aurum.core.error.AurumException;
import io.aurum.core.model.Head;
import io.aurum.core.model.OperationSpec;
import io.aurum.core.model.OperationType;
import io.aurum.core.model.PartitionKey;
import io.aurum.core.model.PartitionVersion;
import io.aurum.core.model.Priority;
import io.aurum.core.model.ReplayParams;
import io.aurum.core.model.SourceId;
import io.aurum.core.model.VersionState;
import io.aurum.core.port.VersionRepository;
import io.aurum.core.request.Origin;
import io.aurum.core.request.RequestRules;
import io.aurum.core.testing.TestFlags;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The schema use case on the shipped configuration: which heads a check reports, and every rule an
 * upgrade passes before its schema_correction replay is created, named the way its origin wrote it.
 */
class SchemasTest {
  private static final AurumConfig CONFIG =
      AurumConfig.load(Path.of("..", "config").toAbsolutePath().normalize());
  private static final Schemas SCHEMAS =
      new Schemas(
          CONFIG,
          new Replays(
              CONFIG,
              Map.of(),
              src -> new RequestRules.Derived("key-" + src.cliName()),
              Clock.fixed(Instant.parse("2024-06-01T00:00:00Z"), ZoneOffset.UTC)));
  private static final LocalDate JAN1 = LocalDate.of(2024, 1, 1);
  private static final LocalDate JAN2 = LocalDate.of(2024, 1, 2);
  private static final LocalDate JAN3 = LocalDate.of(2024, 1, 3);
  private static final String V21 =
      "{\"name\": \"m\", \"schema_version\": \"v2.1\","
          + " \"steps\": [{\"op\": \"rename\", \"from\": \"a\", \"to\": \"b\"}]}";
  private static final String UNVERSIONED =
      "{\"name\": \"m\", \"steps\": [{\"op\": \"rename\", \"from\": \"a\", \"to\": \"b\"}]}";

  private static PartitionKey demand(LocalDate day) {
    return new PartitionKey(SourceId.EIA, "ELEC.DEMAND", day);
  }

  private static PartitionVersion version(long id, LocalDate day, String schema) {
    return new PartitionVersion(
        id,
        demand(day),
        (int) id,
        "OP" + id,
        null,
        VersionState.PUBLISHED,
        10,
        "c",
        schema,
        1.0,
        Instant.EPOCH,
        null);
  }

  /** Versions of ELEC.DEMAND whose heads are {@code heads}; every other dataset holds none. */
  private static VersionRepository versions(List<PartitionVersion> all, List<Long> heads) {
    return (VersionRepository)
        Proxy.newProxyInstance(
            VersionRepository.class.getClassLoader(),
            new Class<?>[] {VersionRepository.class},
            (proxy, method, args) -> {
              boolean demand = "ELEC.DEMAND".equals(args[1]);
              if (method.getName().equals("heads")) {
                List<Head> out = new ArrayList<>();
                for (PartitionVersion v : all) {
                  if (demand && heads.contains(v.id())) {
                    out.add(new Head(v.partition(), v.id(), v.operationId(), 10, true, null));
                  }
                }
                return out;
              }
              if (method.getName().equals("versionsIn")) {
                return demand ? all : List.of();
              }
              throw new UnsupportedOperationException(method.getName());
            });
  }

  private static SchemaResolveRequest resolve(
      String expected, Script migration, List<PartitionKey> keys, String reason, Origin origin) {
    return new SchemaResolveRequest(
        SourceId.EIA,
        "conflicts.json",
        expected,
        migration,
        keys,
        Priority.HIGH,
        reason,
        origin == null ? TestFlags.FLAGS : origin);
  }

  @Test
  void a_check_reports_only_heads_on_another_schema_version_and_counts_every_head() {
    VersionRepository repo =
        versions(
            List.of(
                version(1, JAN1, "v2.0"), // superseded: not a head, never reported
                version(2, JAN1, "v2.1"),
                version(3, JAN2, "v2.0"),
                version(4, JAN3, null)),
            List.of(2L, 3L, 4L));
    Schemas.Checked all =
        SCHEMAS.check(new SchemaCheckRequest(SourceId.EIA, "v2.1", JAN1, JAN3, List.of()), repo);
    assertThat(all.checked()).isEqualTo(3);
    assertThat(all.conflicts()).extracting(c -> c.head().id()).containsExactly(3L, 4L);
    assertThat(all.conflicts().get(0).partition()).isEqualTo(demand(JAN2));
    Schemas.Checked other =
        SCHEMAS.check(
            new SchemaCheckRequest(SourceId.EIA, "v2.1", JAN1, JAN3, List.of("ELEC.GEN")), repo);
    assertThat(other.checked()).isZero();
    assertThat(other.conflicts()).isEmpty();
  }

  @Test
  void a_check_refuses_an_unknown_dataset() {
    assertThatThrownBy(
            () ->
                SCHEMAS.check(
                    new SchemaCheckRequest(SourceId.EIA, "v2.1", JAN1, JAN3, List.of("NOPE")),
                    versions(List.of(), List.of())))
        .isInstanceOf(AurumException.BadInput.class)
        .hasMessageStartingWith("unknown dataset 'NOPE' for source eia");
  }

  @Test
  void the_only_resolution_is_upgrade_to_latest_named_the_way_its_origin_wrote_it() {
    assertThat(Schemas.Resolution.parse(" Upgrade_To_Latest ", TestFlags.FLAGS))
        .isEqualTo(Schemas.Resolution.UPGRADE_TO_LATEST);
    assertThatThrownBy(() -> Schemas.Resolution.parse("downgrade", TestFlags.FLAGS))
        .isInstanceOf(AurumException.BadInput.class)
        .hasMessage("unknown --resolution 'downgrade': use upgrade_to_latest");
    assertThatThrownBy(() -> Schemas.Resolution.parse(null, f -> "spec." + f))
        .hasMessage("unknown spec.resolution 'null': use upgrade_to_latest");
  }

  @Test
  void an_upgrade_needs_a_migration_that_parses() {
    assertThatThrownBy(() -> Schemas.upgrade(resolve("v2.1", null, List.of(), null, null)))
        .isInstanceOf(AurumException.BadInput.class)
        .hasMessage(
            "schema resolve needs --migration-script FILE (or a migration_script in"
                + " conflicts.json)");
    assertThatThrownBy(
            () ->
                Schemas.upgrade(
                    resolve("v2.1", new Script.Text("m.json", "{ nope"), List.of(), null, null)))
        .isInstanceOf(AurumException.BadInput.class)
        .hasMessageStartingWith("m.json:1:");
  }

  @Test
  void the_migrations_schema_version_wins_over_the_one_the_file_expected() {
    Schemas.Upgrade u =
        Schemas.upgrade(
            resolve("v9", new Script.Text("m.json", V21), List.of(demand(JAN1)), null, null));
    assertThat(u.schemaVersion()).isEqualTo("v2.1");
    ReplayParams params = (ReplayParams) u.params();
    assertThat(params.replayType()).isEqualTo("schema_correction");
    assertThat(params.transforms().schemaVersion()).isEqualTo("v2.1");
    assertThat(params.transforms().migration()).isEqualTo(V21);
    Schemas.Upgrade fromFile =
        Schemas.upgrade(
            resolve("v9", new Script.Text("m.json", UNVERSIONED), List.of(), null, null));
    assertThat(fromFile.schemaVersion()).isEqualTo("v9");
    assertThat(fromFile.partitions()).isEmpty();
  }

  @Test
  void an_upgrade_with_no_schema_version_anywhere_is_refused() {
    assertThatThrownBy(
            () ->
                Schemas.upgrade(
                    resolve(null, new Script.Text("m.json", UNVERSIONED), List.of(), null, null)))
        .isInstanceOf(AurumException.BadInput.class)
        .hasMessage("no schema version: neither the migration nor conflicts.json names one");
  }

  @Test
  void an_upgrade_without_a_reason_names_its_version_and_file_for_the_audit_trail() {
    Script m = new Script.Text("m.json", V21);
    assertThat(Schemas.upgrade(resolve(null, m, List.of(), null, null)).reason())
        .isEqualTo("schema upgrade to v2.1 (conflicts.json)");
    assertThat(Schemas.upgrade(resolve(null, m, List.of(), "ticket 7", null)).reason())
        .isEqualTo("ticket 7");
  }

  @Test
  void the_replay_spans_exactly_the_partitions_with_the_replay_defaults_forced() {
    Schemas.Upgrade u =
        Schemas.upgrade(
            resolve(
                null,
                new Script.Text("m.json", V21),
                List.of(
                    demand(JAN3), new PartitionKey(SourceId.EIA, "ELEC.GEN", JAN2), demand(JAN1)),
                null,
                null));
    OperationSpec spec = SCHEMAS.prepare(u);
    var d = CONFIG.defaults().of(OperationType.REPLAY);
    assertThat(spec.startDate()).isEqualTo(JAN1);
    assertThat(spec.endDate()).isEqualTo(JAN3);
    assertThat(spec.datasets()).containsExactly("ELEC.DEMAND", "ELEC.GEN");
    assertThat(spec.force()).isTrue();
    assertThat(spec.batchSize()).isEqualTo(d.batchSize());
    assertThat(spec.maxRetries()).isEqualTo(d.maxRetries());
    assertThat(spec.conflictStrategy()).isEqualTo(d.conflictStrategy());
    assertThat(spec.params()).isEqualTo(u.params().withQuotaKey("key-eia"));
    assertThat(u.priority()).isEqualTo(Priority.HIGH);
  }

  @Test
  void the_replay_is_paced_by_the_sources_quota_key() {
    Schemas.Upgrade u =
        Schemas.upgrade(
            resolve(null, new Script.Text("m.json", V21), List.of(demand(JAN1)), null, null));
    assertThat(u.params().quotaKey()).isNull();
    assertThat(SCHEMAS.prepare(u).params().quotaKey()).isEqualTo("key-eia");
  }

  @Test
  void the_replays_concurrency_stays_within_the_source_quota() {
    PartitionKey cpi = new PartitionKey(SourceId.CPI, "CPI.CPI_U", JAN1);
    Schemas.Upgrade u =
        Schemas.upgrade(
            new SchemaResolveRequest(
                SourceId.CPI,
                "c.json",
                null,
                new Script.Text("m.json", V21),
                List.of(cpi),
                null,
                null,
                null));
    assertThat(CONFIG.defaults().of(OperationType.REPLAY).concurrency()).isGreaterThan(1);
    assertThat(SCHEMAS.prepare(u).concurrency())
        .isEqualTo(CONFIG.quotas().get(SourceId.CPI).maxConcurrency())
        .isEqualTo(1);
  }

  @Test
  void an_upgrade_of_an_unknown_dataset_or_of_nothing_is_refused() {
    Script m = new Script.Text("m.json", V21);
    Schemas.Upgrade unknown =
        Schemas.upgrade(
            resolve(null, m, List.of(new PartitionKey(SourceId.EIA, "NOPE", JAN1)), null, null));
    assertThatThrownBy(() -> SCHEMAS.prepare(unknown))
        .isInstanceOf(AurumException.BadInput.class)
        .hasMessageStartingWith("unknown dataset 'NOPE' for source eia");
    Schemas.Upgrade none = Schemas.upgrade(resolve(null, m, List.of(), null, null));
    assertThatThrownBy(() -> SCHEMAS.prepare(none)).isInstanceOf(AurumException.BadInput.class);
  }
}
