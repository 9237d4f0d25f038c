package io.aurum.connectors.iso.nyiso;

import io.aurum.connectors.http.CountingInputStream;
import io.aurum.connectors.http.SizeLimitExceeded;
import io.aurum.core.error.UpstreamException;
import io.aurum.core.model.Observation;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/** Reads a monthly ZIP archive as it streams, parsing its wanted daily CSV members. */
final class NyisoArchive {
  private NyisoArchive() {}

  /**
   * Streams an archive, parsing each of {@code members} (daily CSV names) as its entry comes, and
   * stops once all are read; a member the archive lacks is permanent. Every member passed on the
   * way, wanted or not, is read through a count that stops it at {@code maxMember} bytes ({@link
   * io.aurum.connectors.http.SizeLimitExceeded}).
   */
  static int parseMembers(
      InputStream body,
      Set<String> members,
      NyisoCsvParser parser,
      Consumer<Observation> sink,
      String url,
      long maxMember)
      throws IOException {
    Set<String> missing = new LinkedHashSet<>(members);
    ZipInputStream zip = new ZipInputStream(body);
    ZipEntry e;
    boolean any = false;
    int rows = 0;
    while (!missing.isEmpty() && (e = zip.getNextEntry()) != null) {
      any = true;
      String entry = e.getName().substring(e.getName().lastIndexOf('/') + 1);
      String what = "archive member '" + SizeLimitExceeded.printable(e.getName()) + "' of " + url;
      InputStream member =
          new CountingInputStream(zip, maxMember, what, "max_member_bytes of nyiso");
      if (missing.remove(entry)) {
        rows += parser.parse(member, sink);
      } else {
        member.transferTo(OutputStream.nullOutputStream());
      }
    }
    if (!any) {
      throw new IOException("NYISO monthly archive is not a ZIP");
    }
    if (!missing.isEmpty()) {
      throw UpstreamException.permanent(
          "NYISO monthly archive lacks " + String.join(", ", missing) + " [" + url + "]", 404);
    }
    return rows;
  }
}
