package io.aurum.app.cli;

import io.aurum.core.error.AurumException;
import io.aurum.core.usecase.ReplayRequest.Kind;
import io.aurum.core.usecase.Script;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** What a replay changes: its --type with the flags of each type, and the scripts it applies. */
@Command
final class ReplayKindOptions {
  @Option(names = "--type", paramLabel = "schema_correction|quality_improvement|algorithm_update")
  String type;

  @Option(names = "--schema-version")
  String schemaVersion;

  @Option(names = "--migration-script")
  Path migration;

  @Option(names = "--quality-profile")
  String qualityProfile;

  @Option(names = "--validation-threshold")
  Double threshold;

  @Option(names = "--algorithm-version")
  String algorithm;

  @Option(names = "--algorithm-params")
  String algorithmParams;

  @Option(names = "--custom-transform")
  Path customTransform;

  @Option(names = "--validation-script")
  Path validationScript;

  /** The kind --type names, with its flags; null for a plain replay. */
  Kind kind() {
    if (type == null) {
      return null;
    }
    return switch (type) {
      // A migration without its schema version is refused before its file is read.
      case "schema_correction" ->
          new Kind.SchemaCorrection(
              schemaVersion, schemaVersion == null ? null : OperationRun.script(migration));
      case "quality_improvement" -> new Kind.QualityImprovement(qualityProfile);
      case "algorithm_update" -> new Kind.AlgorithmUpdate(algorithm, algorithmParams);
      default ->
          throw new AurumException.BadInput(
              "unknown replay --type '"
                  + type
                  + "': use schema_correction, quality_improvement or algorithm_update");
    };
  }

  /** --algorithm-version without --type: applied with its default parameters. */
  Kind.AlgorithmUpdate algorithm() {
    return algorithm == null || type != null
        ? null
        : new Kind.AlgorithmUpdate(algorithm, algorithmParams);
  }

  Script customTransform() {
    return OperationRun.script(customTransform);
  }

  Script validationScript() {
    return OperationRun.script(validationScript);
  }
}
