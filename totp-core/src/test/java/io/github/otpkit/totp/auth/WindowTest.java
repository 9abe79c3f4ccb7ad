package io.github.otpkit.totp.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WindowTest {

  @Test
  void default_isOneBehindOneAhead() {
    assertThat(Window.DEFAULT).isEqualTo(Window.of(1, 1));
    assertThat(Window.DEFAULT.size()).isEqualTo(3);
  }

  @Test
  void of_sideAboveTen_rejectedWithMessage() {
    assertThatThrownBy(() -> Window.of(11, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("window behind must be 0 to 10 steps but was 11");
    assertThatThrownBy(() -> Window.of(0, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("window ahead must be 0 to 10 steps but was -1");
  }

  @Test
  void offsetsByPreference_closestFirstBehindBeforeAhead() {
    assertThat(Window.of(0, 0).offsetsByPreference()).containsExactly(0);
    assertThat(Window.of(1, 1).offsetsByPreference()).containsExactly(0, -1, 1);
    assertThat(Window.of(2, 0).offsetsByPreference()).containsExactly(0, -1, -2);
    assertThat(Window.of(1, 3).offsetsByPreference()).containsExactly(0, -1, 1, 2, 3);
    assertThat(Window.of(10, 10).offsetsByPreference()).hasSize(21).doesNotHaveDuplicates();
  }
}
