package io.aurum.app.cli;

import picocli.CommandLine.Command;

/** {@code aurum schema check|resolve} (runbook §3.5.2): heads with another schema version. */
@Command(
    name = "schema",
    mixinStandardHelpOptions = true,
    description = "Schema version conflicts (runbook 3.5.2).",
    subcommands = {SchemaCheckCommand.class, SchemaResolveCommand.class})
public final class SchemaCommand {}
