package io.aurum.app.cli;

import io.aurum.core.model.Operation;
import io.aurum.core.plan.Planner;
import io.aurum.core.port.OperationRepository;
import io.aurum.core.usecase.Backfills;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;

/** What {@code aurum backfill} says about the backfill it creates, runs or waits for. */
final class BackfillView {
  private BackfillView() {}

  /** The tuning lowered to fit {@code --max-memory}. */
  static void lowered(Backfills.Lowered l, PrintWriter out) {
    out.printf(
        "--max-memory %s: concurrency %d -> %d, batch size %d -> %d%n",
        l.budget(), l.concurrency(), l.toConcurrency(), l.batch(), l.toBatch());
  }

  /** The created backfill and its plan: a new one's, or the saved {@code planFile}'s (if any). */
  static void created(Operation op, Planner.Plan plan, Path planFile, PrintWriter out) {
    out.printf("%s: %s%n", op.id(), planFile == null ? summary(plan) : summary(planFile, plan));
    out.flush();
  }

  /** The one-line summary of a new backfill's plan. */
  static String summary(Planner.Plan plan) {
    return String.format(
        Locale.ROOT,
        "%d partition(s) to fetch (%d covered already) in %d fetch window(s), ~%d API calls, ~%d records, ~%s at %.2f req/s (%s-bound)",
        plan.partitions().size(),
        plan.alreadyCovered(),
        plan.windows(),
        plan.requests(),
        plan.records(),
        Format.duration(plan.estimatedDuration()),
        plan.effectiveRate(),
        plan.bound());
  }

  /** The one-line summary of a saved plan run as it is. */
  static String summary(Path planFile, Planner.Plan plan) {
    return String.format(
        "running plan %s: %d partition(s), ~%d API calls, ~%d records",
        planFile, plan.partitions().size(), plan.requests(), plan.records());
  }

  /** A saved plan with no partitions. */
  static void emptyPlan(Path planFile, PrintWriter out) {
    out.printf("nothing to do: plan %s has no partitions%n", planFile);
  }

  /** Nothing was created: the saved plan {@code planFile} (if any) was empty, or all is covered. */
  static void nothingToDo(Backfills.NothingToDo n, Path planFile, PrintWriter out) {
    if (planFile != null) {
      emptyPlan(planFile, out);
    } else {
      out.printf(
          "nothing to do: all %d partition(s) of %s %s..%s are covered already (use --force to refetch)%n",
          n.alreadyCovered(),
          n.spec().source().cliName(),
          n.spec().startDate(),
          n.spec().endDate());
    }
    out.flush();
  }

  /** The holder a {@code --wait} backfill waits for. */
  static void waiting(OperationRepository.Held h, PrintWriter err) {
    err.printf(
        "waiting for backfill %s (%s), which holds partition %s; it is checked every %d s%n",
        h.holderId(), h.holderState(), h.partition(), Backfills.WAIT_POLL.toSeconds());
    err.flush();
  }
}
