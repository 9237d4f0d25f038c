package io.aurum.connectors.text;

/**
 * A hand parser for the decimals upstream payloads carry, read straight from their ASCII bytes
 * without a {@link String}. It takes only {@code [+-]digits[.digits]} whose digits, without the
 * point, make an integer below 2^53, with at most 22 after the point: both that integer and
 * 10^fraction are exact doubles, so their quotient is one correctly rounded IEEE division, the
 * value {@link Double#parseDouble} returns. Anything else (exponent, spaces, more digits, NaN, hex,
 * nothing) returns {@link #UNHANDLED} (NaN, which this path never produces), and the caller falls
 * back to {@link #number}: same result for a plain decimal. Stateless.
 */
public final class Decimals {
  /** Returned for a text this parser does not handle. */
  public static final double UNHANDLED = Double.NaN;

  private static final long MAX_EXACT = 1L << 53;
  private static final double[] POW10 = new double[23];

  static {
    double p = 1;
    for (int i = 0; i < POW10.length; i++) {
      POW10[i] = p; // 10^0..10^22 are exact doubles
      p *= 10;
    }
  }

  private Decimals() {}

  /**
   * A number as an upstream prints it, strictly: {@code [+-]digits[.digits][e[+-]digits]} (or
   * {@code .digits}), surrounding spaces allowed. The spellings of a non-finite value ({@code NaN},
   * {@code nan}, {@code inf}, {@code -Infinity}, any case) give NaN or ±Infinity, and so does a
   * number beyond a double ({@code 1e400}): the engine rejects every such value as a failed record
   * with its reason, instead of a whole page failing on it. Anything else ({@code 0x1p3}, {@code
   * 1.5d}, {@code 1_000}, nothing) throws {@link NumberFormatException}, where {@link
   * Double#parseDouble} would take some of it silently.
   */
  public static double number(String text) {
    String t = text.strip();
    int sign = t.startsWith("-") ? -1 : 1;
    String body = t.startsWith("-") || t.startsWith("+") ? t.substring(1) : t;
    if (body.equalsIgnoreCase("nan")) {
      return Double.NaN;
    }
    if (body.equalsIgnoreCase("inf") || body.equalsIgnoreCase("infinity")) {
      return sign * Double.POSITIVE_INFINITY;
    }
    if (!isDecimal(t)) {
      throw new NumberFormatException("not a decimal number: '" + text + "'");
    }
    return Double.parseDouble(t);
  }

  /** Whether {@code t} is {@code [+-](digits[.digits]|.digits)[(e|E)[+-]digits]}. */
  private static boolean isDecimal(String t) {
    int n = t.length();
    int p = 0;
    if (p < n && (t.charAt(p) == '+' || t.charAt(p) == '-')) {
      p++;
    }
    int digits = 0;
    while (p < n && isDigit(t.charAt(p))) {
      p++;
      digits++;
    }
    if (p < n && t.charAt(p) == '.') {
      p++;
      while (p < n && isDigit(t.charAt(p))) {
        p++;
        digits++;
      }
    }
    if (digits == 0) {
      return false;
    }
    if (p < n && (t.charAt(p) == 'e' || t.charAt(p) == 'E')) {
      p++;
      if (p < n && (t.charAt(p) == '+' || t.charAt(p) == '-')) {
        p++;
      }
      int exponent = 0;
      while (p < n && isDigit(t.charAt(p))) {
        p++;
        exponent++;
      }
      if (exponent == 0) {
        return false;
      }
    }
    return p == n;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** The decimal in ASCII bytes {@code [from, to)}, or {@link #UNHANDLED}. */
  public static double parse(byte[] b, int from, int to) {
    int p = from;
    boolean negative = false;
    if (p < to && (b[p] == '-' || b[p] == '+')) {
      negative = b[p] == '-';
      p++;
    }
    long mantissa = 0;
    int digits = 0;
    int fraction = -1;
    for (; p < to; p++) {
      int d = b[p] - '0';
      if (d >= 0 && d <= 9) {
        if (mantissa >= MAX_EXACT / 10) {
          return UNHANDLED;
        }
        mantissa = mantissa * 10 + d;
        digits++;
        if (fraction >= 0) {
          fraction++;
        }
      } else if (b[p] == '.' && fraction < 0) {
        fraction = 0;
      } else {
        return UNHANDLED;
      }
    }
    if (digits == 0 || fraction >= POW10.length) {
      return UNHANDLED;
    }
    double v = fraction > 0 ? mantissa / POW10[fraction] : (double) mantissa;
    return negative ? -v : v;
  }
}
