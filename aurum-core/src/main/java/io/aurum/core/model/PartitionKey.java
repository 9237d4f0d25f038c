package io.aurum.core.model;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * The unit of work and of versioning: (source, dataset, period). The period is a calendar day in
 * the dataset's reference zone (23, 24 or 25 hours, also for 5-minute data) or, for monthly data,
 * the first day of a month.
 */
public record PartitionKey(SourceId source, String dataset, LocalDate period) {

  /** First instant of the partition in UTC (inclusive). */
  public Instant start(Dataset d) {
    return period.atStartOfDay(d.zone()).toInstant();
  }

  /** First instant after the partition in UTC (exclusive). */
  public Instant end(Dataset d) {
    LocalDate next = d.frequency().monthlyPartitions() ? period.plusMonths(1) : period.plusDays(1);
    return next.atStartOfDay(d.zone()).toInstant();
  }

  /**
   * Number of observation periods per series: for intraday data the periods that fit in the day
   * (hourly 23/24/25, 5-minute 276/288/300), 1 for daily and monthly.
   */
  public int periodsIn(Dataset d) {
    if (d.frequency().intraday()) {
      // In seconds: Duration.dividedBy(Duration) goes through BigDecimal, and this runs per task.
      long seconds = end(d).getEpochSecond() - start(d).getEpochSecond();
      return (int) (seconds / d.frequency().step().getSeconds());
    }
    return 1;
  }

  /** Hours in this day in the given zone: 23 on a spring-forward day, 25 on a fall-back day. */
  public static int hoursInDay(LocalDate day, ZoneId zone) {
    return (int)
        Duration.between(
                day.atStartOfDay(zone).toInstant(), day.plusDays(1).atStartOfDay(zone).toInstant())
            .toHours();
  }

  @Override
  public String toString() {
    return source.cliName() + "/" + dataset + "/" + period;
  }
}
