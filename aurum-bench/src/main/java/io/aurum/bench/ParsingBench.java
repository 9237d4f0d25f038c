package io.aurum.bench;

import io.aurum.connectors.cpi.CpiPayloadParser;
import io.aurum.connectors.eia.EiaPageParser;
import io.aurum.connectors.fred.FredPageParser;
import io.aurum.connectors.iso.caiso.CaisoZipParser;
import io.aurum.connectors.iso.nyiso.NyisoCsvParser;
import io.aurum.connectors.iso.pjm.PjmPageParser;
import io.aurum.connectors.noaa.NoaaPageParser;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipInputStream;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Parsing throughput per upstream format, single-threaded: each benchmark parses one whole payload
 * (page, file or ZIP) from memory into observations. MB/s = ops/s × payload size and records/s =
 * ops/s × records per payload (both printed by {@link PayloadSizes}). The CSV benchmarks also
 * count, as JMH secondary results per second: {@code rows}, the CSV records of the payload (its
 * data lines, counted once at set-up from the inflated text, not by the parser), and {@code
 * observations}, what reached the sink. The CAISO ZIP is inflated inside the measured work, as it
 * is when the connector reads an answer; {@code caisoInflateOnly} measures that inflate alone.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ParsingBench {
  byte[] eia;
  byte[] fred;
  byte[] bls;
  byte[] noaa;
  byte[] nyiso;
  byte[] caiso;
  byte[] pjm;
  EiaPageParser eiaParser;
  final FredPageParser fredParser = new FredPageParser(Payloads.NY, "percent");
  final CpiPayloadParser blsParser = new CpiPayloadParser();
  final NoaaPageParser noaaParser = new NoaaPageParser(Payloads.NY, "degC");
  final NyisoCsvParser nyisoParser = new NyisoCsvParser(Payloads.NY, "$/MWh");
  final CaisoZipParser caisoParser = new CaisoZipParser("$/MWh");
  final PjmPageParser pjmParser = new PjmPageParser("total_lmp_rt");

  int nyisoRows;
  int caisoRows;

  /** Records and observations per second, for the CSV formats (JMH secondary results). */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Records {
    public long rows;
    public long observations;

    @Setup(Level.Iteration)
    public void reset() {
      rows = 0;
      observations = 0;
    }
  }

  @Setup
  public void setUp() throws IOException {
    eia = Payloads.eia();
    fred = Payloads.fred();
    bls = Payloads.bls();
    noaa = Payloads.noaa();
    nyiso = Payloads.nyiso();
    caiso = Payloads.caiso();
    pjm = Payloads.pjm();
    eiaParser = new EiaPageParser(Payloads.eiaDemand());
    nyisoRows = dataLines(nyiso);
    try (ZipInputStream zip = new ZipInputStream(in(caiso))) {
      zip.getNextEntry();
      caisoRows = dataLines(zip.readAllBytes());
    }
  }

  /** Non-blank lines after the header. */
  static int dataLines(byte[] csv) {
    return (int) new String(csv, StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).count()
        - 1;
  }

  static ByteArrayInputStream in(byte[] b) {
    return new ByteArrayInputStream(b);
  }

  @Benchmark
  public Object eiaJson(Blackhole bh) throws IOException {
    return eiaParser.parse(in(eia), "u", bh::consume);
  }

  @Benchmark
  public Object fredJson(Blackhole bh) throws IOException {
    return fredParser.parse(in(fred), "DFF", "u", bh::consume);
  }

  @Benchmark
  public Object blsJson(Blackhole bh) throws IOException {
    return blsParser.parse(in(bls), bh::consume);
  }

  @Benchmark
  public Object noaaJson(Blackhole bh) throws IOException {
    return noaaParser.parse(in(noaa), bh::consume);
  }

  @Benchmark
  public int nyisoCsv(Blackhole bh, Records r) throws IOException {
    r.rows += nyisoRows;
    return nyisoParser.parse(
        in(nyiso),
        o -> {
          r.observations++;
          bh.consume(o);
        });
  }

  @Benchmark
  public int caisoZippedCsv(Blackhole bh, Records r) throws IOException {
    r.rows += caisoRows;
    return caisoParser.parse(
        in(caiso),
        "u",
        o -> {
          r.observations++;
          bh.consume(o);
        });
  }

  /** The floor under {@link #caisoZippedCsv}: inflating the ZIP into a buffer, no parsing. */
  @Benchmark
  public long caisoInflateOnly() throws IOException {
    long n = 0;
    byte[] buf = new byte[1 << 16];
    try (ZipInputStream zip = new ZipInputStream(in(caiso))) {
      while (zip.getNextEntry() != null) {
        for (int k; (k = zip.read(buf)) > 0; ) {
          n += k;
        }
      }
    }
    return n;
  }

  @Benchmark
  public Object pjmJson(Blackhole bh) throws IOException {
    return pjmParser.parse(in(pjm), bh::consume);
  }
}
