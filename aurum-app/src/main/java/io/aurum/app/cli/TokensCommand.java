package io.aurum.app.cli;

import picocli.CommandLine.Command;

/**
 * {@code aurum tokens create|list|revoke}: the bearer tokens of {@code aurum serve}, stored hashed
 * (docs/server.md).
 */
@Command(
    name = "tokens",
    mixinStandardHelpOptions = true,
    description = "Bearer tokens for the server's API and console: create, list, revoke.",
    subcommands = {TokensCreate.class, TokensList.class, TokensRevoke.class})
public final class TokensCommand {}
