package io.aurum.core.config;

import io.aurum.core.estimate.CostModel;
import io.aurum.core.quality.QualityProfiles;
import java.nio.file.Path;

/** Everything read from the configuration directory, loaded and validated together. */
public record AurumConfig(
    Path configDir,
    DatasetCatalog catalog,
    QuotaConfig quotas,
    OperationDefaults defaults,
    QualityProfiles qualityProfiles,
    CostModel costModel) {

  /**
   * This configuration with task leases of {@code lease} (see {@link OperationDefaults#withLease}).
   */
  public AurumConfig withLease(java.time.Duration lease) {
    return new AurumConfig(
        configDir, catalog, quotas, defaults.withLease(lease), qualityProfiles, costModel);
  }

  public static AurumConfig load(Path configDir) {
    return new AurumConfig(
        configDir,
        DatasetCatalog.load(configDir),
        QuotaConfig.load(configDir),
        OperationDefaults.load(configDir),
        QualityProfiles.load(configDir),
        CostModel.load(configDir));
  }
}
