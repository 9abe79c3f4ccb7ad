package io.github.otpkit.totp.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.otpkit.totp.auth.TwoFactorEvent;
import io.github.otpkit.totp.auth.TwoFactorListener;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompositeTwoFactorListenerTest {
  @Test
  void everyListenerInOrder_aFailingOneDoesNotStopTheOthers() {
    List<String> heard = new ArrayList<>();
    TwoFactorListener failing =
        event -> {
          heard.add("failing");
          throw new IllegalStateException("bug");
        };
    TwoFactorListener recording = event -> heard.add("recording " + event.type());
    CompositeTwoFactorListener composite =
        new CompositeTwoFactorListener(List.of(failing, recording));

    composite.onEvent(TwoFactorEvent.of("alice", TwoFactorEvent.Type.ENABLED, Instant.EPOCH));

    assertThat(heard).containsExactly("failing", "recording ENABLED");
    assertThat(composite.toString()).startsWith("CompositeTwoFactorListener[");
  }
}
