package io.aurum.core.estimate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurum.core.error.AurumException;
import io.aurum.core.model.SourceId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CostModelTest {
  @TempDir Path dir;

  @Test
  void a_configuration_without_the_file_gets_the_default_prices() {
    CostModel m = CostModel.load(dir);
    assertThat(m).isEqualTo(CostModel.DEFAULT);
    assertThat(m.callCost(SourceId.FRED)).isZero();
    assertThat(m.wireBytes(SourceId.FRED)).isEqualTo(CostModel.DEFAULT_WIRE_BYTES_PER_RECORD);
  }

  @Test
  void per_source_prices_load_and_unnamed_fields_keep_their_defaults() throws IOException {
    Files.writeString(
        dir.resolve(CostModel.FILE),
        """
        {"currency": "EUR", "compute_per_hour": 0.5,
         "sources": {"eia": {"api_call_cost": 0.002, "wire_bytes_per_record": 300},
                     "fred": {"api_call_cost": 0.01}}}
        """);
    CostModel m = CostModel.load(dir);
    assertThat(m.currency()).isEqualTo("EUR");
    assertThat(m.computePerHour()).isEqualTo(0.5);
    assertThat(m.storagePerGbMonth()).isEqualTo(CostModel.DEFAULT.storagePerGbMonth());
    assertThat(m.callCost(SourceId.EIA)).isEqualTo(0.002);
    assertThat(m.wireBytes(SourceId.EIA)).isEqualTo(300);
    assertThat(m.wireBytes(SourceId.FRED)).isEqualTo(CostModel.DEFAULT_WIRE_BYTES_PER_RECORD);
    assertThat(m.callCost(SourceId.NOAA)).isZero();
  }

  @Test
  void transfer_and_quota_day_prices_load_and_default_to_zero() throws IOException {
    Files.writeString(
        dir.resolve(CostModel.FILE),
        """
        {"sources": {"cpi": {"price_per_gb_transferred": 0.5, "quota_day_value": 4.0}}}
        """);
    CostModel m = CostModel.load(dir);
    assertThat(m.gbCost(SourceId.CPI)).isEqualTo(0.5);
    assertThat(m.quotaDayCost(SourceId.CPI)).isEqualTo(4.0);
    assertThat(m.gbCost(SourceId.EIA)).isZero();
    assertThat(m.quotaDayCost(SourceId.EIA)).isZero();
    Files.writeString(
        dir.resolve(CostModel.FILE), "{\"sources\": {\"cpi\": {\"quota_day_value\": -1}}}");
    assertThatThrownBy(() -> CostModel.load(dir)).isInstanceOf(AurumException.BadInput.class);
  }

  @Test
  void the_repository_file_loads() {
    CostModel m = CostModel.load(Path.of("..", "config"));
    assertThat(m.quotaDayCost(SourceId.CPI)).isPositive();
    assertThat(m.wireBytes(SourceId.EIA)).isEqualTo(160);
  }

  @Test
  void negative_prices_and_broken_json_are_bad_input_naming_the_file() throws IOException {
    Path file = dir.resolve(CostModel.FILE);
    Files.writeString(file, "{\"compute_per_hour\": -1}");
    assertThatThrownBy(() -> CostModel.load(dir))
        .isInstanceOf(AurumException.BadInput.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("compute_per_hour: must have a minimum value of 0");
    Files.writeString(file, "{\"compute_per_hour\": ");
    assertThatThrownBy(() -> CostModel.load(dir))
        .isInstanceOf(AurumException.BadInput.class)
        .hasMessageContaining(":1:22: not valid JSON");
  }
}
