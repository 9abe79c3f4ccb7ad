package io.github.otpkit.totp.testsupport;

import java.lang.reflect.AnnotatedElement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Evaluates {@link RequiresTool} and {@link RequiresEnv} (registered by those annotations): enabled
 * when everything is there; disabled with the reasons when something is missing on a developer's
 * machine; and, when the environment variable {@code CI} is set, an {@link
 * org.opentest4j.AssertionFailedError} that fails the test class or method instead.
 *
 * <p>Stateless and thread-safe.
 */
public final class RequirementsCondition implements ExecutionCondition {
  private final Requirements requirements;

  /** The condition on the real machine; JUnit creates it through the annotations. */
  public RequirementsCondition() {
    this(new Requirements(Host.SYSTEM));
  }

  RequirementsCondition(Requirements requirements) {
    this.requirements = requirements;
  }

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    Optional<AnnotatedElement> element = context.getElement();
    if (element.isEmpty()) {
      return ConditionEvaluationResult.enabled("nothing annotated");
    }
    return evaluate(
        AnnotationSupport.findRepeatableAnnotations(element.get(), RequiresTool.class),
        AnnotationSupport.findRepeatableAnnotations(element.get(), RequiresEnv.class));
  }

  /**
   * The decision for one element's annotations.
   *
   * @throws org.opentest4j.AssertionFailedError when something is missing and CI is set
   */
  ConditionEvaluationResult evaluate(List<RequiresTool> tools, List<RequiresEnv> variables) {
    List<String> missing = new ArrayList<>();
    for (RequiresTool tool : tools) {
      requirements
          .missingTool(tool.value(), tool.debianPackage(), List.of(tool.probe()))
          .ifPresent(missing::add);
    }
    for (RequiresEnv variable : variables) {
      requirements.missingEnv(variable.value(), variable.purpose()).ifPresent(missing::add);
    }
    if (missing.isEmpty()) {
      return ConditionEvaluationResult.enabled("required tools and variables present");
    }
    String reason = String.join("; ", missing);
    if (requirements.ci()) {
      throw requirements.missing(reason);
    }
    return ConditionEvaluationResult.disabled(reason);
  }
}
