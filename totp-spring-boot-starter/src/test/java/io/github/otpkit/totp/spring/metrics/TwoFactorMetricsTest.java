package io.github.otpkit.totp.spring.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.otpkit.totp.auth.TwoFactorEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TwoFactorMetricsTest {
  @Test
  void everyBoundRegistryCountsEveryEvent_zeroFromTheStart() {
    TwoFactorMetrics metrics = new TwoFactorMetrics();
    SimpleMeterRegistry first = new SimpleMeterRegistry();
    SimpleMeterRegistry second = new SimpleMeterRegistry();
    metrics.onEvent(TwoFactorEvent.of("alice", TwoFactorEvent.Type.INVALID, Instant.EPOCH));
    metrics.bindTo(first);
    metrics.bindTo(second);

    metrics.onEvent(TwoFactorEvent.of("alice", TwoFactorEvent.Type.THROTTLED, Instant.EPOCH));

    for (SimpleMeterRegistry registry : new SimpleMeterRegistry[] {first, second}) {
      assertThat(registry.get("otpkit.totp.events").counters())
          .hasSize(TwoFactorEvent.Type.values().length);
      assertThat(registry.get("otpkit.totp.events").tag("type", "throttled").counter().count())
          .isEqualTo(1);
      assertThat(registry.get("otpkit.totp.events").tag("type", "invalid").counter().count())
          .isZero();
    }
    assertThat(metrics).hasToString("TwoFactorMetrics[2 registries]");
    assertThat(TwoFactorMetrics.tagValue(TwoFactorEvent.Type.RECOVERY_CODES_REGENERATED))
        .isEqualTo("recovery_codes_regenerated");
  }
}
