package io.github.otpkit.totp.examples.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FormTest {
  private static Map<String, String> parse(String body) throws HttpError {
    return Form.parse(body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void parse_decodesPercentPlusAndUtf8() throws HttpError {
    assertThat(parse("username=a+b%2Bc&password=%C3%BC%26%3D&empty=&flag"))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("username", "a b+c", "password", "ü&=", "empty", "", "flag", ""));
  }

  @Test
  void parse_emptyBody_isEmpty() throws HttpError {
    assertThat(parse("")).isEmpty();
  }

  @Test
  void parse_repeatedField_is400() {
    assertThatThrownBy(() -> parse("a=1&a=2"))
        .isInstanceOfSatisfying(HttpError.class, e -> assertThat(e.status()).isEqualTo(400));
  }

  @Test
  void parse_badPercentEscape_is400() {
    assertThatThrownBy(() -> parse("a=%G1"))
        .isInstanceOfSatisfying(HttpError.class, e -> assertThat(e.status()).isEqualTo(400));
  }

  @Test
  void parse_tooManyFields_is400() {
    StringBuilder body = new StringBuilder();
    for (int i = 0; i <= Form.MAX_FIELDS; i++) {
      body.append("f").append(i).append("=x&");
    }
    assertThatThrownBy(() -> parse(body.toString())).isInstanceOf(HttpError.class);
  }
}
