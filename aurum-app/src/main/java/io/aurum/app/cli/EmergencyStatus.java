package io.aurum.app.cli;

import io.aurum.app.wiring.AppContext;
import io.aurum.core.port.EmergencyRepository.Emergency;
import io.aurum.core.usecase.Emergencies;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code aurum emergency status}: the active emergencies (with {@code --all}, every one). */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description =
        "Active emergencies: kind, scope, level, expiry, what each paused; --all adds history.")
public final class EmergencyStatus extends Tool {
  @Option(names = "--all", description = "Every emergency ever declared, newest first.")
  boolean all;

  @Mixin FormatOption formats;

  String format = "table";

  public EmergencyStatus(CliContext cli) {
    super(cli);
  }

  @Override
  void validate() {
    format = formats.of("table", "json");
  }

  @Override
  int run(AppContext app) {
    List<Emergency> shown =
        app.existingStore().map(s -> new Emergencies(s, cli.clock()).status(all)).orElse(List.of());
    if (shown.isEmpty() && format.equals("table")) {
      cli.out().println(all ? "no emergency was ever declared" : "no active emergency");
      cli.out().flush();
      return 0;
    }
    Render.print(format, EmergencyViews.table(shown, cli.clock().instant()), cli.out());
    return 0;
  }
}
