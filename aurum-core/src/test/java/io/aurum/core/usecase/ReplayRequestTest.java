package io.aurum.core.usecase;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurum.core.model.Priority;
import io.aurum.core.model.SourceId;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The named factories of a plain replay: every option but range, datasets and priority unset. */
class ReplayRequestTest {
  static final LocalDate JAN1 = LocalDate.parse("2024-01-01");
  static final LocalDate JAN3 = LocalDate.parse("2024-01-03");

  @Test
  void a_plain_replay_sets_only_its_range_datasets_priority_and_reason() {
    ReplayRequest r =
        ReplayRequest.plain(SourceId.EIA, JAN1, JAN3, List.of("ELEC.DEMAND"), Priority.HIGH, "why");

    assertThat(r)
        .isEqualTo(
            new ReplayRequest(
                SourceId.EIA,
                JAN1,
                JAN3,
                List.of("ELEC.DEMAND"),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                Priority.HIGH,
                "why",
                null));
  }

  @Test
  void of_is_a_plain_replay_of_every_dataset_at_normal_priority() {
    assertThat(ReplayRequest.of(SourceId.EIA, JAN1, JAN3, "why"))
        .isEqualTo(ReplayRequest.plain(SourceId.EIA, JAN1, JAN3, List.of(), null, "why"))
        .satisfies(
            r -> {
              assertThat(r.datasets()).isEmpty();
              assertThat(r.priority()).isEqualTo(Priority.NORMAL);
              assertThat(r.kind()).isNull();
            });
  }
}
