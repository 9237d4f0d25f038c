package io.aurum.core.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The expression language of migrations, transforms and checks: parsing, precedence, errors. */
class ExprTest {
  private static double eval(String text) {
    return Expr.parse(text).eval(Map.of("value", 1500.0, "hour", 14.0, "flag", 1.0));
  }

  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource(
      delimiter = ';',
      value = {
        "1e-3 ; 0.001",
        "1E+3 ; 1000",
        "2.5e2 ; 250",
        ".5 ; 0.5",
        "value * 1e-3 ; 1.5",
        "1 + 2 * 3 ; 7",
        "(1 + 2) * 3 ; 9",
        "10 - 4 - 3 ; 3",
        "24 / 4 / 2 ; 3",
        "7 % 4 ; 3",
        "-2 * 3 ; -6",
        "- -2 ; 2",
        "2 * -3 ; -6",
        "1 + 2 < 4 ; 1",
        "(1 < 2) == 1 ; 1",
        "1 < 2 && 3 < 2 ; 0",
        "1 < 2 || 3 < 2 ; 1",
        "0 || 1 && 0 ; 0",
        "!0 ; 1",
        "!1 + 1 ; 1",
        "value >= 1000 && hour == 14 ; 1",
        "abs(-3) ; 3",
        "min(value, 10) ; 10",
        "max(2, 3) ; 3",
        "round(2.345, 2) ; 2.35",
        "round(2.5) ; 3",
        "sqrt(16) ; 4",
        "round(value / 1000, 3) ; 1.5",
      })
  void evaluates_with_the_usual_precedence(String text, double expected) {
    assertThat(eval(text)).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-12));
  }

  @Test
  void one_e_minus_three_is_a_number_not_a_name() {
    Expr e = Expr.parse("value * 1e-3");
    assertThat(e.names()).containsExactly("value");
    assertThat(e.eval(Map.of("value", 2000.0))).isEqualTo(2.0);
  }

  @Test
  void names_are_the_variables_read_not_the_functions() {
    assertThat(Expr.parse("round(valu / 1000, 3) + abs(robust_z) * hour").names())
        .containsExactlyInAnyOrder("valu", "robust_z", "hour");
  }

  @Test
  void an_unknown_name_evaluates_to_nan_and_fails_a_check() {
    Expr e = Expr.parse("valeu >= 0");
    assertThat(e.test(Map.of("value", 5.0))).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = ';',
      value = {
        "1 + ; 4 ; expression ends too early",
        "(1 + 2 ; 7 ; missing ')'",
        "1 + 2) ; 6 ; unexpected ')'",
        "1e ; 1 ; the exponent needs digits",
        "1e- ; 1 ; the exponent needs digits",
        "1.2.3 ; 1 ; bad number '1.2.3'",
        "value # 2 ; 7 ; unexpected '#'",
        "foo(1) ; 1 ; unknown function 'foo'",
        "abs(1, 2) ; 1 ; abs takes 1 argument(s), got 2",
        "min(1 ; 6 ; missing ')' after arguments of min",
        "1 < 2 == 1 ; 7 ; unexpected '='",
        "1 & 2 ; 3 ; unexpected '&'",
        "1 < 2 < 3 ; 7 ; unexpected '<'",
      })
  void errors_name_the_column(String text, int column, String message) {
    assertThatThrownBy(() -> Expr.parse(text))
        .isInstanceOfSatisfying(
            Expr.ParseError.class,
            e -> {
              assertThat(e.getMessage()).contains(message);
              assertThat(e.column).isEqualTo(column);
            });
  }

  @Test
  void an_empty_expression_is_an_error_at_column_one() {
    assertThatThrownBy(() -> Expr.parse("   "))
        .isInstanceOfSatisfying(
            Expr.ParseError.class, e -> assertThat(e.getMessage()).contains("ends too early"));
  }
}
