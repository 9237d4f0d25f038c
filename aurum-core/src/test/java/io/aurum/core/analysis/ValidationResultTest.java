package io.aurum.core.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ValidationResultTest {
  static final ValidationResult.Finding GAP =
      new ValidationResult.Finding("ELEC.DEMAND", LocalDate.of(2024, 1, 2), "completeness", "gap");

  static ValidationResult result(
      boolean passed, boolean incomplete, List<ValidationResult.Finding> f) {
    return new ValidationResult(
        "integrity", 3, f, List.of(), 1.0, 0.9, passed, Map.of(), incomplete);
  }

  @Test
  void the_verdict_is_pass_fail_or_incomplete_when_nothing_failed_but_work_is_unfinished() {
    assertThat(result(true, false, List.of()).verdict()).isEqualTo("PASS");
    assertThat(result(false, false, List.of(GAP)).verdict()).isEqualTo("FAIL");
    assertThat(result(false, true, List.of()).verdict()).isEqualTo("INCOMPLETE");
    // A finding is a failure whether or not work is unfinished.
    assertThat(result(false, true, List.of(GAP)).verdict()).isEqualTo("FAIL");
  }

  @Test
  void an_incomplete_validation_cannot_pass() {
    assertThatThrownBy(() -> result(true, true, List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("incomplete");
  }

  @Test
  void the_result_keeps_its_own_copy_of_the_findings() {
    List<ValidationResult.Finding> findings = new ArrayList<>(List.of(GAP));
    ValidationResult r =
        new ValidationResult("integrity", 1, findings, List.of(), 0.0, 0.9, false, Map.of());
    findings.clear();
    assertThat(r.findings()).containsExactly(GAP);
    assertThat(r.incomplete()).isFalse();
  }
}
