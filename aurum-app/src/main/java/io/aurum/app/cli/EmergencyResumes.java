package io.aurum.app.cli;

import io.aurum.app.wiring.AppContext;
import io.aurum.core.engine.LiveProgress;
import io.aurum.core.engine.OperationRunner;
import io.aurum.core.error.AurumException;
import io.aurum.core.ops.OperationService;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Resumes, in this process and concurrently, the operations a released emergency paused, as {@code
 * aurum resume} would each (one submitted for the workers is queued for them again), and waits for
 * them all; one line per operation.
 */
final class EmergencyResumes {
  private EmergencyResumes() {}

  /** 0 when every one succeeded or paused again; 1 when one failed or could not resume. */
  static int resumeAll(AppContext app, List<String> ids) {
    OperationService service = app.operations(Listeners.logging());
    ExecutorService pool = Executors.newFixedThreadPool(ids.size());
    List<Future<OperationRunner.Outcome>> runs = new ArrayList<>();
    try {
      for (String id : ids) {
        if (service.submitted(id)) {
          // Submitted for the workers: queued for them again, not run in this process.
          app.cli().out().printf("resuming %s on the workers%n", id);
          runs.add(
              pool.submit(
                  () -> {
                    service.requeue(id, app.cli().actor());
                    return OperationRunner.Outcome.PAUSED;
                  }));
          continue;
        }
        app.cli().out().printf("resuming %s%n", id);
        runs.add(pool.submit(() -> service.resume(id, app.cli().actor(), new LiveProgress())));
      }
      app.cli().out().flush();
      int exit = 0;
      for (int i = 0; i < ids.size(); i++) {
        String outcome;
        try {
          outcome = runs.get(i).get().name();
          exit = outcome.equals("SUCCEEDED") || outcome.equals("PAUSED") ? exit : 1;
          if (service.submitted(ids.get(i)) && outcome.equals("PAUSED")) {
            outcome = "RE-QUEUED for the workers";
          }
        } catch (ExecutionException e) {
          outcome =
              "not resumed: "
                  + (e.getCause() instanceof AurumException a ? a.getMessage() : e.getCause());
          exit = 1;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AurumException.OperationFailed("interrupted while resuming " + ids);
        }
        app.cli().out().printf("%s %s%n", ids.get(i), outcome);
      }
      app.cli().out().flush();
      return exit;
    } finally {
      pool.shutdownNow();
    }
  }
}
