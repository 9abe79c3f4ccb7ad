package io.github.otpkit.totp.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The JMH settings of every benchmark timed per operation, in one place (JMH's annotations are
 * inherited): nanoseconds per operation, one state per thread, two forks with a fixed 512 MB heap,
 * 4 x 1 s warm-up and 5 x 1 s measured iterations. {@code run.sh --quick} overrides the timing from
 * the command line; a subclass may override one annotation, as {@link QrBenchmark} does with {@link
 * Fork}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(
    value = 2,
    jvmArgsAppend = {AverageTimeBenchmark.HEAP_MIN, AverageTimeBenchmark.HEAP_MAX})
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
public abstract class AverageTimeBenchmark {
  /** The heap of every benchmark fork, fixed so that GC sizing does not differ between cases. */
  static final String HEAP_MIN = "-Xms512m";

  /** See {@link #HEAP_MIN}. */
  static final String HEAP_MAX = "-Xmx512m";
}
