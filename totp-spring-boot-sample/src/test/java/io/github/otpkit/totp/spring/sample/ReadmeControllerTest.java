package io.github.otpkit.totp.spring.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.otpkit.totp.testsupport.ChromeBrowser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The enrollment controller of the README ("Spring Boot", "Enrollment in your application") is this
 * sample's, word for word: the code readers copy is the code the browser test runs. The starter's
 * ReadmeSpringSnippetsTest compiles it.
 */
class ReadmeControllerTest {
  @Test
  void readme_showsTheSamplesEnrollmentControllerWordForWord() throws IOException {
    Path module = ChromeBrowser.moduleDirectory().toAbsolutePath().normalize();
    String readme = Files.readString(module.resolveSibling("README.md"), StandardCharsets.UTF_8);
    String controller =
        Files.readString(
            module.resolve(
                "src/main/java/io/github/otpkit/totp/spring/sample/TwoFactorController.java"),
            StandardCharsets.UTF_8);

    assertThat(readme).contains("```java,spring\n" + controller + "```\n");
  }
}
