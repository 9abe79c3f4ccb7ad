package io.github.otpkit.totp.examples.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class HtmlTest {
  @Test
  void escape_replacesTheFiveSpecialCharacters() {
    assertThat(Html.escape("<a href=\"x\" title='y'>&</a>"))
        .isEqualTo("&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;");
    assertThat(Html.escape("plain text ünicode")).isEqualTo("plain text ünicode");
  }

  @Test
  void format_escapesStringsAndInsertsHtmlAsIs() {
    Html html = Html.format("<p title=\"{}\">{}</p>", "\"quoted\"", Html.trusted("<b>bold</b>"));

    assertThat(html.toString()).isEqualTo("<p title=\"&quot;quoted&quot;\"><b>bold</b></p>");
  }

  @Test
  void format_placeholderInArgument_isNotExpandedAgain() {
    assertThat(Html.format("{}-{}", "{}", "x").toString()).isEqualTo("{}-x");
  }

  @Test
  void format_countMismatch_isRefused() {
    assertThatThrownBy(() -> Html.format("{} {}", "one"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Html.format("{}", "one", "two"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void concat_joinsInOrder() {
    assertThat(Html.concat(List.of(Html.text("<"), Html.trusted("<br>"), Html.empty())).toString())
        .isEqualTo("&lt;<br>");
  }
}
