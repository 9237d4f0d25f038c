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
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
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
 * ops/s × records per payload (both printed by {@link PayloadSizes}).
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

  @Setup
  public void setUp() {
    eia = Payloads.eia();
    fred = Payloads.fred();
    bls = Payloads.bls();
    noaa = Payloads.noaa();
    nyiso = Payloads.nyiso();
    caiso = Payloads.caiso();
    pjm = Payloads.pjm();
    eiaParser = new EiaPageParser(Payloads.eiaDemand());
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
  public int nyisoCsv(Blackhole bh) throws IOException {
    return nyisoParser.parse(in(nyiso), bh::consume);
  }

  @Benchmark
  public int caisoZippedCsv(Blackhole bh) throws IOException {
    return caisoParser.parse(in(caiso), "u", bh::consume);
  }

  @Benchmark
  public Object pjmJson(Blackhole bh) throws IOException {
    return pjmParser.parse(in(pjm), bh::consume);
  }
}
