package io.aurum.connectors.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Counts the bytes read through it (for {@code FetchContext.afterResponse}) and refuses to read
 * past {@code limit}: the read that would cross it throws {@link SizeLimitExceeded}, so no more
 * than the limit (and one buffer) is ever read. Not thread-safe.
 */
public final class CountingInputStream extends FilterInputStream {
  private final long limit;
  private final String what;
  private long count;

  /**
   * @param what the thing limited, for the message, e.g. {@code the response body of <url>}
   * @param limitName where the limit is configured, for the message
   */
  public CountingInputStream(InputStream in, long limit, String what, String limitName) {
    super(in);
    this.limit = limit;
    this.what =
        what
            + " is larger than "
            + io.aurum.connectors.UpstreamLimits.bytes(limit)
            + " ("
            + limitName
            + ")";
  }

  long count() {
    return count;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      add(1);
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = super.read(b, off, len);
    if (n > 0) {
      add(n);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long skipped = super.skip(n);
    add(skipped);
    return skipped;
  }

  private void add(long n) throws SizeLimitExceeded {
    count += n;
    if (count > limit) {
      throw new SizeLimitExceeded(what);
    }
  }
}
