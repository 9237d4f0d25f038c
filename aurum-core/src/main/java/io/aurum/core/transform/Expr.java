package io.aurum.core.transform;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * A small expression language for migrations, transforms and validation checks (docs/replay.md):
 * numbers, names ({@code value}, {@code hour}, {@code epoch} or any numeric attribute), {@code + -
 * * / %}, comparisons {@code < <= > >= == !=}, {@code && || !}, parentheses and the functions
 * {@code abs, min, max, round, sqrt}. Booleans are 1 and 0. Chosen over CEL to keep the core free
 * of a large dependency for arithmetic on one record; errors give the column. Immutable,
 * thread-safe.
 */
public final class Expr {
  /** A parse error at a 1-based column of the expression. */
  public static final class ParseError extends RuntimeException {
    public final int column;

    ParseError(String message, int column) {
      super(message);
      this.column = column;
    }
  }

  private interface Node extends ToDoubleFunction<Map<String, Double>> {}

  private final String text;
  private final Node root;
  private final java.util.Set<String> names;

  private Expr(String text, Node root, java.util.Set<String> names) {
    this.text = text;
    this.root = root;
    this.names = java.util.Set.copyOf(names);
  }

  /** The names (variables) the expression reads, e.g. {@code value} and attributes. */
  public java.util.Set<String> names() {
    return names;
  }

  public static Expr parse(String text) {
    Parser p = new Parser(text);
    Node n = p.or();
    p.skip();
    if (p.pos < text.length()) {
      throw new ParseError("unexpected '" + text.charAt(p.pos) + "'", p.pos + 1);
    }
    return new Expr(text, n, p.names);
  }

  public double eval(Map<String, Double> vars) {
    return root.applyAsDouble(vars);
  }

  public boolean test(Map<String, Double> vars) {
    double v = eval(vars);
    return v != 0 && !Double.isNaN(v);
  }

  @Override
  public String toString() {
    return text;
  }

  private static final class Parser {
    final String s;
    final java.util.Set<String> names = new java.util.LinkedHashSet<>();
    int pos;

    Parser(String s) {
      this.s = s;
    }

    void skip() {
      while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
        pos++;
      }
    }

    boolean eat(String tok) {
      skip();
      if (s.startsWith(tok, pos)) {
        pos += tok.length();
        return true;
      }
      return false;
    }

    Node or() {
      Node l = and();
      while (eat("||")) {
        Node a = l;
        Node b = and();
        l = v -> (a.applyAsDouble(v) != 0 || b.applyAsDouble(v) != 0) ? 1 : 0;
      }
      return l;
    }

    Node and() {
      Node l = cmp();
      while (eat("&&")) {
        Node a = l;
        Node b = cmp();
        l = v -> (a.applyAsDouble(v) != 0 && b.applyAsDouble(v) != 0) ? 1 : 0;
      }
      return l;
    }

    Node cmp() {
      Node l = sum();
      for (String op : new String[] {"<=", ">=", "==", "!=", "<", ">"}) {
        if (eat(op)) {
          Node a = l;
          Node b = sum();
          return switch (op) {
            case "<=" -> v -> a.applyAsDouble(v) <= b.applyAsDouble(v) ? 1 : 0;
            case ">=" -> v -> a.applyAsDouble(v) >= b.applyAsDouble(v) ? 1 : 0;
            case "==" -> v -> a.applyAsDouble(v) == b.applyAsDouble(v) ? 1 : 0;
            case "!=" -> v -> a.applyAsDouble(v) != b.applyAsDouble(v) ? 1 : 0;
            case "<" -> v -> a.applyAsDouble(v) < b.applyAsDouble(v) ? 1 : 0;
            default -> v -> a.applyAsDouble(v) > b.applyAsDouble(v) ? 1 : 0;
          };
        }
      }
      return l;
    }

    Node sum() {
      Node l = product();
      while (true) {
        if (eat("+")) {
          Node a = l;
          Node b = product();
          l = v -> a.applyAsDouble(v) + b.applyAsDouble(v);
        } else if (eat("-")) {
          Node a = l;
          Node b = product();
          l = v -> a.applyAsDouble(v) - b.applyAsDouble(v);
        } else {
          return l;
        }
      }
    }

    Node product() {
      Node l = unary();
      while (true) {
        if (eat("*")) {
          Node a = l;
          Node b = unary();
          l = v -> a.applyAsDouble(v) * b.applyAsDouble(v);
        } else if (eat("/")) {
          Node a = l;
          Node b = unary();
          l = v -> a.applyAsDouble(v) / b.applyAsDouble(v);
        } else if (eat("%")) {
          Node a = l;
          Node b = unary();
          l = v -> a.applyAsDouble(v) % b.applyAsDouble(v);
        } else {
          return l;
        }
      }
    }

    Node unary() {
      if (eat("-")) {
        Node a = unary();
        return v -> -a.applyAsDouble(v);
      }
      if (eat("!")) {
        Node a = unary();
        return v -> a.applyAsDouble(v) == 0 ? 1 : 0;
      }
      return atom();
    }

    Node atom() {
      skip();
      int start = pos;
      if (pos >= s.length()) {
        throw new ParseError("expression ends too early", pos + 1);
      }
      char c = s.charAt(pos);
      if (c == '(') {
        pos++;
        Node n = or();
        if (!eat(")")) {
          throw new ParseError("missing ')'", pos + 1);
        }
        return n;
      }
      if (Character.isDigit(c) || c == '.') {
        while (pos < s.length() && (Character.isDigit(s.charAt(pos)) || s.charAt(pos) == '.')) {
          pos++;
        }
        // An exponent: e or E, an optional sign, digits (1e-3, 2.5E+6).
        if (pos < s.length() && (s.charAt(pos) == 'e' || s.charAt(pos) == 'E')) {
          pos++;
          if (pos < s.length() && (s.charAt(pos) == '+' || s.charAt(pos) == '-')) {
            pos++;
          }
          if (pos >= s.length() || !Character.isDigit(s.charAt(pos))) {
            throw new ParseError(
                "bad number '" + s.substring(start, pos) + "': the exponent needs digits",
                start + 1);
          }
          while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
            pos++;
          }
        }
        try {
          double d = Double.parseDouble(s.substring(start, pos));
          return v -> d;
        } catch (NumberFormatException e) {
          throw new ParseError("bad number '" + s.substring(start, pos) + "'", start + 1);
        }
      }
      if (Character.isLetter(c) || c == '_') {
        while (pos < s.length()
            && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '_')) {
          pos++;
        }
        String name = s.substring(start, pos);
        if (eat("(")) {
          List<Node> args = new ArrayList<>();
          if (!eat(")")) {
            do {
              args.add(or());
            } while (eat(","));
            if (!eat(")")) {
              throw new ParseError("missing ')' after arguments of " + name, pos + 1);
            }
          }
          return function(name, args, start + 1);
        }
        names.add(name);
        return v -> {
          Double d = v.get(name);
          return d == null ? Double.NaN : d;
        };
      }
      throw new ParseError("unexpected '" + c + "'", pos + 1);
    }

    Node function(String name, List<Node> a, int column) {
      int n = a.size();
      switch (name) {
        case "abs" -> {
          arity(name, n, 1, column);
          return v -> Math.abs(a.get(0).applyAsDouble(v));
        }
        case "sqrt" -> {
          arity(name, n, 1, column);
          return v -> Math.sqrt(a.get(0).applyAsDouble(v));
        }
        case "min" -> {
          arity(name, n, 2, column);
          return v -> Math.min(a.get(0).applyAsDouble(v), a.get(1).applyAsDouble(v));
        }
        case "max" -> {
          arity(name, n, 2, column);
          return v -> Math.max(a.get(0).applyAsDouble(v), a.get(1).applyAsDouble(v));
        }
        case "round" -> {
          if (n == 1) {
            return v -> Math.round(a.get(0).applyAsDouble(v));
          }
          arity(name, n, 2, column);
          return v -> {
            double scale = Math.pow(10, a.get(1).applyAsDouble(v));
            return Math.round(a.get(0).applyAsDouble(v) * scale) / scale;
          };
        }
        default ->
            throw new ParseError(
                "unknown function '" + name + "': use abs, min, max, round or sqrt", column);
      }
    }

    static void arity(String name, int got, int want, int column) {
      if (got != want) {
        throw new ParseError(name + " takes " + want + " argument(s), got " + got, column);
      }
    }
  }
}
