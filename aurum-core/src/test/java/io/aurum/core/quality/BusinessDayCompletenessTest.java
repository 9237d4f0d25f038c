package io.aurum.core.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurum.core.config.DatasetCatalog;
import io.aurum.core.error.AurumException;
import io.aurum.core.model.BusinessCalendar;
import io.aurum.core.model.Dataset;
import io.aurum.core.model.Frequency;
import io.aurum.core.model.Observation;
import io.aurum.core.model.PartitionKey;
import io.aurum.core.model.SourceId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Expected rows and the completeness check follow each series' calendar. */
class BusinessDayCompletenessTest {
  private static final ZoneId NY = ZoneId.of("America/New_York");
  private static final Path REPO_CONFIG = Path.of("..", "config").toAbsolutePath().normalize();

  private static Dataset rates() {
    return DatasetCatalog.load(REPO_CONFIG).get(SourceId.FRED, "FRED.RATES_DAILY");
  }

  private static PartitionKey day(Dataset d, String date) {
    return new PartitionKey(d.source(), d.name(), LocalDate.parse(date));
  }

  @Test
  void the_catalog_gives_treasury_yields_business_days_and_dff_every_day() {
    Dataset d = rates();
    assertThat(d.series()).containsExactly("DGS10", "DGS2", "DFF");
    assertThat(d.calendarOf("DGS10")).isEqualTo(BusinessCalendar.US_BUSINESS_DAYS);
    assertThat(d.calendarOf("DGS2")).isEqualTo(BusinessCalendar.US_BUSINESS_DAYS);
    assertThat(d.calendarOf("DFF")).isEqualTo(BusinessCalendar.EVERY_DAY);
    assertThat(d.expectedRows(day(d, "2024-01-05"))).isEqualTo(3); // Friday
    assertThat(d.expectedRows(day(d, "2024-01-06"))).isEqualTo(1); // Saturday: DFF only
    assertThat(d.expectedRows(day(d, "2024-01-01"))).isEqualTo(1); // New Year's Day
    assertThat(d.expectedRows(day(d, "2024-01-02"))).isEqualTo(3);
  }

  @Test
  void a_weekend_or_holiday_without_treasury_rows_is_complete() {
    Dataset d = rates();
    QualityEngine engine = new QualityEngine(QualityProfile.STANDARD);
    for (String date : List.of("2024-01-06", "2024-01-07", "2024-01-01")) {
      PartitionKey k = day(d, date);
      List<Observation> rows = List.of(new Observation("DFF", k.start(d), 5.33, "percent"));
      QualityReport r = engine.evaluate(d, k.start(d), k.end(d), rows, null);
      assertThat(r.expected()).as(date).isEqualTo(1);
      assertThat(r.complete()).as(date).isTrue();
      assertThat(r.defects().missing()).as(date).isZero();
    }
  }

  @Test
  void a_business_day_without_a_treasury_row_is_missing_it() {
    Dataset d = rates();
    PartitionKey k = day(d, "2024-01-05");
    List<Observation> rows = new ArrayList<>();
    rows.add(new Observation("DFF", k.start(d), 5.33, "percent"));
    rows.add(new Observation("DGS2", k.start(d), 4.4, "percent"));
    QualityReport r =
        new QualityEngine(QualityProfile.STANDARD).evaluate(d, k.start(d), k.end(d), rows, null);
    assertThat(r.expected()).isEqualTo(3);
    assertThat(r.present()).isEqualTo(2);
    assertThat(r.complete()).isFalse();
    assertThat(r.defects().missing()).isEqualTo(1);
  }

  @Test
  void a_calendar_is_refused_on_a_non_daily_dataset_and_for_an_unlisted_series() {
    assertThatThrownBy(
            () ->
                new Dataset(
                    SourceId.FRED,
                    "X",
                    Frequency.MONTHLY,
                    NY,
                    "v1.0",
                    List.of("A"),
                    "",
                    0,
                    1,
                    Map.of(),
                    null,
                    BusinessCalendar.US_BUSINESS_DAYS,
                    Map.of()))
        .hasMessageContaining("needs frequency daily");
    assertThatThrownBy(
            () ->
                new Dataset(
                    SourceId.FRED,
                    "X",
                    Frequency.DAILY,
                    NY,
                    "v1.0",
                    List.of("A"),
                    "",
                    0,
                    1,
                    Map.of(),
                    null,
                    BusinessCalendar.EVERY_DAY,
                    Map.of("B", BusinessCalendar.US_BUSINESS_DAYS)))
        .hasMessageContaining("series B");
  }

  @Test
  void an_unknown_calendar_in_the_catalog_is_a_one_line_error_naming_file_and_field(
      @TempDir Path dir) throws Exception {
    String catalog =
        Files.readString(REPO_CONFIG.resolve(DatasetCatalog.FILE))
            .replace("\"calendar\": \"us_business_days\"", "\"calendar\": \"bank_days\"");
    Files.writeString(dir.resolve(DatasetCatalog.FILE), catalog);
    assertThatThrownBy(() -> DatasetCatalog.load(dir))
        .isInstanceOf(AurumException.BadInput.class)
        .hasMessageContaining(dir.resolve(DatasetCatalog.FILE).toString())
        .hasMessageContaining(
            ":58:19: datasets[3].calendar is \"bank_days\": use every_day or us_business_days")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }
}
