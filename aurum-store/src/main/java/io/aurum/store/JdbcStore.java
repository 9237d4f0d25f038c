package io.aurum.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.aurum.core.error.AurumException;
import io.aurum.core.port.AlertRepository;
import io.aurum.core.port.AuditLog;
import io.aurum.core.port.EmergencyRepository;
import io.aurum.core.port.IntegrityReader;
import io.aurum.core.port.MetricsHistory;
import io.aurum.core.port.OperationRepository;
import io.aurum.core.port.QuotaLedger;
import io.aurum.core.port.RecoveryLog;
import io.aurum.core.port.Store;
import io.aurum.core.port.TaskRepository;
import io.aurum.core.port.VersionRepository;
import io.aurum.store.dialect.Dialect;
import io.aurum.store.jdbc.Jdbc;
import io.aurum.store.jdbc.Redact;
import io.aurum.store.jdbc.WalCheckpointer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.flywaydb.core.Flyway;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The JDBC {@link Store} over SQLite or PostgreSQL: a HikariCP pool, Flyway migrations at open, and
 * one repository per port. Thread-safe.
 */
public final class JdbcStore implements Store {
  public static final int DEFAULT_SQLITE_POOL_SIZE = 4;
  public static final int DEFAULT_POSTGRES_POOL_SIZE = 10;
  private static final int SQLITE_BUSY_TIMEOUT_MS = 60_000;

  /**
   * How often the background checkpoint runs. The writer stalls while a checkpoint's writes reach
   * the disk, for longer the more the WAL grew since the last one: at 200 ms, stalls of 20-40 ms
   * hit every partition in flight (1,000 ms: 80-100 ms); at 50 ms they stay under about 20 ms.
   * Engine bench on SQLite, three alternated rounds: 3,276-3,684 partitions/s and a p99 of 9 ms at
   * 50 ms, against 3,169-3,557 and 10-11 ms at 200 ms; ingest did not move.
   */
  private static final Duration WAL_CHECKPOINT_INTERVAL = Duration.ofMillis(50);

  private final HikariDataSource pool;
  private final WalCheckpointer checkpointer;
  private final String description;
  private final JdbcOperationRepository operations;
  private final JdbcTaskRepository tasks;
  private final boolean singleWriter;
  private final JdbcVersionRepository versions;
  private final JdbcAuditLog audit;
  private final JdbcQuotaLedger quotaLedger;
  private final JdbcEmergencyRepository emergencies;
  private final JdbcIntegrityReader integrity;
  private final JdbcRecoveryLog recoveries;
  private final JdbcIsolations isolations;
  private final JdbcTokens tokens;
  private final JdbcAlertRepository alerts;
  private final JdbcMetricsHistory history;
  private final JdbcOutbox outbox;
  private final JdbcWorkers workers;

  private JdbcStore(
      HikariDataSource pool,
      WalCheckpointer checkpointer,
      Dialect dialect,
      String description,
      Clock clock) {
    this.pool = pool;
    this.checkpointer = checkpointer;
    this.description = description;
    Jdbc jdbc =
        new Jdbc(pool, description, dialect.streamingNeedsTransaction(), dialect.singleWriter());
    this.singleWriter = dialect.singleWriter();
    this.audit = new JdbcAuditLog(jdbc, dialect, clock);
    this.quotaLedger =
        new JdbcQuotaLedger(
            jdbc, dialect.supportsSkipLocked(), dialect.name().equals("postgresql"));
    this.integrity = new JdbcIntegrityReader(jdbc);
    this.isolations = new JdbcIsolations(jdbc, dialect, audit, clock);
    this.operations = new JdbcOperationRepository(jdbc, dialect, audit, clock);
    this.emergencies =
        new JdbcEmergencyRepository(jdbc, dialect.name().equals("postgresql"), audit, clock);
    this.tasks = new JdbcTaskRepository(jdbc, dialect, clock);
    this.recoveries = new JdbcRecoveryLog(jdbc, audit, clock);
    this.tokens = new JdbcTokens(jdbc, audit, clock);
    this.alerts = new JdbcAlertRepository(jdbc, dialect.name().equals("postgresql"), audit, clock);
    this.history = new JdbcMetricsHistory(jdbc);
    this.outbox = new JdbcOutbox(jdbc, clock);
    this.workers = new JdbcWorkers(jdbc, clock);
    this.versions =
        new JdbcVersionRepository(
            jdbc,
            dialect,
            new GroupCommit(dialect, audit, clock),
            new JdbcRollbacks(jdbc, dialect, audit, clock),
            tasks,
            clock);
  }

  /** Opens (and migrates) the store at {@code jdbcUrl} with the default pool size. */
  public static JdbcStore open(String jdbcUrl) {
    Dialect dialect = Dialect.forUrl(jdbcUrl);
    int size = dialect.supportsSkipLocked() ? DEFAULT_POSTGRES_POOL_SIZE : DEFAULT_SQLITE_POOL_SIZE;
    return open(jdbcUrl, size, Clock.systemUTC());
  }

  public static JdbcStore open(String jdbcUrl, int poolSize) {
    return open(jdbcUrl, poolSize, Clock.systemUTC());
  }

  /** Opens the store; {@code clock} stamps audit entries and row updates. */
  public static JdbcStore open(String jdbcUrl, int poolSize, Clock clock) {
    Dialect dialect = Dialect.forUrl(jdbcUrl);
    String description = describe(jdbcUrl);
    HikariConfig config = new HikariConfig();
    config.setPoolName("aurum-" + dialect.name());
    config.setMaximumPoolSize(poolSize);
    config.setMinimumIdle(1);
    SQLiteDataSource sqlite = null;
    if (dialect.name().equals("sqlite")) {
      sqlite = sqlite(jdbcUrl);
      config.setDataSource(sqlite);
    } else {
      config.setJdbcUrl(jdbcUrl);
      config.addDataSourceProperty("reWriteBatchedInserts", "true");
    }
    HikariDataSource pool;
    try {
      pool = new HikariDataSource(config);
    } catch (RuntimeException e) {
      throw new AurumException.StorageFailure(
          "cannot open the database " + description + ": " + Redact.secrets(rootMessage(e)), e);
    }
    try {
      Flyway.configure()
          .dataSource(pool)
          .locations("classpath:db/migration/common", "classpath:db/migration/" + dialect.name())
          // Versions are handed out to branches ahead of merging: a database already past a
          // version (V105) still gets a lower one merged later (V097) instead of refusing to open.
          .outOfOrder(true)
          .load()
          .migrate();
    } catch (RuntimeException e) {
      pool.close();
      throw new AurumException.StorageFailure(
          "cannot migrate the database " + description + ": " + Redact.secrets(rootMessage(e)), e);
    }
    WalCheckpointer checkpointer =
        sqlite != null && isFile(jdbcUrl)
            ? new WalCheckpointer(sqlite, dialect.name(), WAL_CHECKPOINT_INTERVAL)
            : null;
    return new JdbcStore(pool, checkpointer, dialect, description, clock);
  }

  /** Whether the SQLite URL names a plain file (not memory, not a {@code file:} URI). */
  private static boolean isFile(String jdbcUrl) {
    String file = sqliteFile(jdbcUrl);
    return !file.isEmpty() && !file.startsWith(":memory:") && !file.startsWith("file:");
  }

  private static String sqliteFile(String jdbcUrl) {
    String path = jdbcUrl.substring("jdbc:sqlite:".length());
    int query = path.indexOf('?');
    return query < 0 ? path : path.substring(0, query);
  }

  private static SQLiteDataSource sqlite(String jdbcUrl) {
    String file = sqliteFile(jdbcUrl);
    if (isFile(jdbcUrl)) {
      Path parent = Path.of(file).toAbsolutePath().getParent();
      try {
        Files.createDirectories(parent);
      } catch (IOException e) {
        throw new AurumException.StorageFailure(
            "cannot create the directory " + parent + " for the database: " + e.getMessage(), e);
      }
    }
    SQLiteConfig cfg = new SQLiteConfig();
    cfg.setJournalMode(SQLiteConfig.JournalMode.WAL);
    cfg.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
    cfg.setBusyTimeout(SQLITE_BUSY_TIMEOUT_MS);
    // WalCheckpointer checkpoints in the background; the writers' own checkpoint is the fallback.
    cfg.setPragma(
        SQLiteConfig.Pragma.WAL_AUTOCHECKPOINT,
        String.valueOf(WalCheckpointer.FALLBACK_AUTOCHECKPOINT_PAGES));
    cfg.enforceForeignKeys(true);
    // No getGeneratedKeys (ids come back with RETURNING): otherwise the driver matches every
    // statement's SQL against a regular expression and, after each INSERT, prepares and runs
    // SELECT last_insert_rowid() on a new statement; a third of the publisher's time on ingest.
    cfg.setGetGeneratedKeys(false);
    // BEGIN IMMEDIATE: a transaction takes the write lock up front, so read-then-write
    // transactions queue on busy_timeout instead of failing with SQLITE_BUSY on upgrade.
    cfg.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
    SQLiteDataSource ds = new SQLiteDataSource(cfg);
    ds.setUrl(jdbcUrl);
    return ds;
  }

  /** The URL without the {@code jdbc:} prefix and with any password masked. */
  static String describe(String jdbcUrl) {
    String s = jdbcUrl.startsWith("jdbc:") ? jdbcUrl.substring(5) : jdbcUrl;
    return Redact.secrets(s);
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + t.getMessage() + ")";
  }

  @Override
  public OperationRepository operations() {
    return operations;
  }

  @Override
  public TaskRepository tasks() {
    return tasks;
  }

  @Override
  public VersionRepository versions() {
    return versions;
  }

  @Override
  public AuditLog audit() {
    return audit;
  }

  @Override
  public IntegrityReader integrity() {
    return integrity;
  }

  @Override
  public io.aurum.core.port.IsolationRepository isolations() {
    return isolations;
  }

  @Override
  public QuotaLedger quotaLedger() {
    return quotaLedger;
  }

  @Override
  public EmergencyRepository emergencies() {
    return emergencies;
  }

  @Override
  public RecoveryLog recoveries() {
    return recoveries;
  }

  @Override
  public io.aurum.core.port.TokenRepository tokens() {
    return tokens;
  }

  @Override
  public AlertRepository alerts() {
    return alerts;
  }

  @Override
  public MetricsHistory history() {
    return history;
  }

  @Override
  public io.aurum.core.relay.Outbox outbox() {
    return outbox;
  }

  @Override
  public io.aurum.core.port.WorkerRepository workers() {
    return workers;
  }

  @Override
  public boolean singleWriter() {
    return singleWriter;
  }

  @Override
  public String describe() {
    return description;
  }

  @Override
  public void close() {
    try {
      quotaLedger.close();
      if (checkpointer != null) {
        checkpointer.close();
      }
    } finally {
      pool.close();
    }
  }
}
