package io.aurum.app.cli;

import io.aurum.app.wiring.AppContext;
import io.aurum.core.alert.Alerts;
import io.aurum.core.error.AurumException;
import io.aurum.core.port.AlertRepository.NoticeRow;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code aurum alerts history}: the notices sent (and those that failed), newest first. */
@Command(
    name = "history",
    mixinStandardHelpOptions = true,
    description = "Alert notices sent or attempted, newest first: trigger, resolve and test.")
public final class AlertsHistory extends Tool {
  @Option(names = "--limit", description = "At most this many (default 50).")
  int limit = 50;

  @Mixin FormatOption formats;

  String format = "table";

  public AlertsHistory(CliContext cli) {
    super(cli);
  }

  @Override
  void validate() {
    format = formats.of("table", "json", "ndjson", "csv");
    if (limit < 1) {
      throw new AurumException.BadInput("--limit must be at least 1, e.g. --limit 50");
    }
  }

  @Override
  int run(AppContext app) {
    List<NoticeRow> rows =
        app.existingStore().map(s -> new Alerts(s, cli.clock()).history(limit)).orElse(List.of());
    if (rows.isEmpty() && format.equals("table")) {
      cli.out().println("no alert notice was sent yet");
      cli.out().flush();
      return 0;
    }
    Render.print(format, AlertViews.history(rows), cli.out());
    return 0;
  }
}
