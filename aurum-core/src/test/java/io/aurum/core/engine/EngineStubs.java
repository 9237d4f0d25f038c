package io.aurum.core.engine;

import io.aurum.core.config.AurumConfig;
import io.aurum.core.model.Counters;
import io.aurum.core.model.Operation;
import io.aurum.core.model.OperationSpec;
import io.aurum.core.model.OperationState;
import io.aurum.core.model.OperationType;
import io.aurum.core.model.PartitionKey;
import io.aurum.core.model.Priority;
import io.aurum.core.model.SourceId;
import io.aurum.core.model.Task;
import io.aurum.core.model.TaskState;
import io.aurum.core.port.EmergencyRepository;
import io.aurum.core.port.OperationRepository;
import io.aurum.core.port.QuotaLedger;
import io.aurum.core.port.Store;
import io.aurum.core.port.TaskRepository;
import io.aurum.core.port.VersionRepository;
import io.aurum.core.testing.MutableClock;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * A store of stubs for the claim loop's parts: each repository answers the methods a test gives it
 * ({@link #on}) and records every call; anything else fails the test. With the shipped
 * configuration and a {@link MutableClock}.
 */
final class EngineStubs {
  static final AurumConfig CONFIG =
      AurumConfig.load(Path.of("..", "config").toAbsolutePath().normalize());
  static final String OP = "BACKFILL_20240103_EIA";

  final MutableClock clock = new MutableClock(Instant.parse("2024-06-01T00:00:00Z"));

  /**
   * The monotonic nanoseconds the loop's parts read ({@link ClaimPacing}, {@link RunControl}),
   * following {@link #clock}: a test moves both at once instead of sleeping.
   */
  final LongSupplier nanos =
      () -> {
        Instant t = clock.instant();
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
      };

  final Map<String, Function<Object[], Object>> answers = new ConcurrentHashMap<>();
  final List<String> calls = new CopyOnWriteArrayList<>();
  final Store store;
  final OperationRunner.Dependencies deps;

  EngineStubs(boolean singleWriter) {
    on("singleWriter", a -> singleWriter);
    on("critical", a -> false);
    on("recovery", a -> false);
    on("active", a -> List.of());
    on("describe", a -> "stub");
    TaskRepository tasks = stub(TaskRepository.class);
    OperationRepository operations = stub(OperationRepository.class);
    EmergencyRepository emergencies = stub(EmergencyRepository.class);
    VersionRepository versions = stub(VersionRepository.class);
    QuotaLedger ledger = stub(QuotaLedger.class);
    on("tasks", a -> tasks);
    on("operations", a -> operations);
    on("emergencies", a -> emergencies);
    on("versions", a -> versions);
    on("quotaLedger", a -> ledger);
    this.store = stub(Store.class);
    this.deps =
        new OperationRunner.Dependencies(
            store, Map.of(), CONFIG, clock, Path.of("target", "logs"), EngineListener.NONE);
  }

  void on(String method, Function<Object[], Object> answer) {
    answers.put(method, answer);
  }

  long count(String method) {
    return calls.stream().filter(method::equals).count();
  }

  private <T> T stub(Class<T> type) {
    InvocationHandler h =
        (proxy, method, args) -> {
          Function<Object[], Object> answer = answers.get(method.getName());
          if (answer == null) {
            throw new UnsupportedOperationException(type.getSimpleName() + "." + method.getName());
          }
          calls.add(method.getName());
          return answer.apply(args == null ? new Object[0] : args);
        };
    return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, h));
  }

  static OperationSpec spec(int concurrency) {
    return new OperationSpec(
        SourceId.EIA,
        LocalDate.of(2024, 1, 1),
        LocalDate.of(2024, 1, 3),
        List.of("ELEC.DEMAND"),
        concurrency,
        1000,
        3,
        null,
        0.01,
        true,
        null,
        null);
  }

  static Operation op(OperationState state) {
    return new Operation(
        OP,
        OperationType.BACKFILL,
        SourceId.EIA,
        state,
        Priority.NORMAL,
        "r",
        "a",
        spec(2),
        Instant.EPOCH,
        Instant.EPOCH,
        null,
        null,
        null);
  }

  /** A PENDING task of the operation, fetched with the others of {@code group}. */
  static Task task(long id, long group) {
    return new Task(
        id,
        OP,
        new PartitionKey(SourceId.EIA, "ELEC.DEMAND", LocalDate.of(2024, 1, (int) id)),
        null,
        TaskState.RUNNING,
        Priority.NORMAL,
        1,
        null,
        "runner",
        null,
        null,
        null,
        null,
        Counters.ZERO,
        group);
  }
}
