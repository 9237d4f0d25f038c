package io.aurum.bench;

import io.aurum.connectors.cpi.CpiPayloadParser;
import io.aurum.connectors.eia.EiaPageParser;
import io.aurum.connectors.fred.FredPageParser;
import io.aurum.connectors.iso.caiso.CaisoZipParser;
import io.aurum.connectors.iso.nyiso.NyisoCsvParser;
import io.aurum.connectors.iso.pjm.PjmPageParser;
import io.aurum.connectors.noaa.NoaaPageParser;
import java.io.ByteArrayInputStream;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Prints each benchmark payload's size and record count (input rows the parser reads). */
public final class PayloadSizes {
  private PayloadSizes() {}

  public static void main(String[] args) throws Exception {
    Map<String, byte[]> all = Payloads.all();
    for (var e : all.entrySet()) {
      AtomicLong n = new AtomicLong();
      byte[] b = e.getValue();
      var in = new ByteArrayInputStream(b);
      switch (e.getKey()) {
        case "eia" -> n.set(new EiaPageParser(Payloads.eiaDemand()).parse(in, "u", o -> {}).rows());
        case "fred" ->
            n.set(new FredPageParser(Payloads.NY, "x").parse(in, "DFF", "u", o -> {}).rows());
        case "bls" -> n.set(new CpiPayloadParser().parse(in, p -> {}).points());
        case "noaa" -> n.set(new NoaaPageParser(Payloads.NY, "x").parse(in, o -> {}).rows());
        case "nyiso" -> n.set(new NyisoCsvParser(Payloads.NY, "x").parse(in, o -> {}));
        case "caiso" -> {
          new CaisoZipParser("x").parse(in, "u", o -> {});
          var zip = new java.util.zip.ZipInputStream(new ByteArrayInputStream(b));
          zip.getNextEntry();
          n.set(
              new String(zip.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                      .lines()
                      .count()
                  - 1);
        }
        case "pjm" -> n.set(new PjmPageParser("total_lmp_rt").parse(in, i -> {}).rows());
        default -> {}
      }
      System.out.printf("%-6s %9d bytes %7d records%n", e.getKey(), b.length, n.get());
    }
  }
}
