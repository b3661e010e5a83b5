package org.dataright.evidence.canonical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import org.junit.jupiter.api.Test;

class JcsTest {

    private static String canonical(String json) {
        return Jcs.canonicalString(StrictJson.parseObject("test", new StringReader(json)));
    }

    @Test
    void keysAreSortedByUtf16CodeUnitsAndWhitespaceRemoved() {
        // RFC 8785 §3.2.3: "\u20ac" (€) sorts before "\ud83d\ude00" (😀) by code unit, though not by code point order of UTF-8.
        assertThat(canonical("{ \"b\" : 1, \"a\" : [ true, false, null ], \"😀\": 2, \"€\": 3, \"\\r\": 4, \"1\": 5 }"))
                .isEqualTo("{\"\\r\":4,\"1\":5,\"a\":[true,false,null],\"b\":1,\"€\":3,\"😀\":2}");
    }

    @Test
    void stringsAreEscapedAsEcmaScriptDoes() {
        assertThat(canonical("{\"s\":\"\\u0000\\u001f\\b\\f\\n\\r\\t\\\"\\\\/\\u00e9\\u4e2d\"}"))
                .isEqualTo("{\"s\":\"\\u0000\\u001f\\b\\f\\n\\r\\t\\\"\\\\/é中\"}");
    }

    @Test
    void integersAreWrittenPlainAndAnythingElseIsRefused() {
        assertThat(canonical("{\"n\":-9007199254740991,\"z\":0}")).isEqualTo("{\"n\":-9007199254740991,\"z\":0}");
        assertThatThrownBy(() -> canonical("{\"x\":{\"n\":1.5}}")).hasMessage("$.x.n: only integers are allowed, not 1.5");
        assertThatThrownBy(() -> canonical("{\"n\":9007199254740992}")).hasMessageContaining("outside ±(2^53−1)");
        assertThatThrownBy(() -> canonical("{\"s\":\"\\ud800\"}")).hasMessageContaining("lone surrogate");
    }

    @Test
    void theStrictReaderRefusesDuplicatesTrailingDataAndOddBase64() {
        assertThatThrownBy(() -> canonical("{\"a\":1,\"a\":2}")).hasMessageContaining("Duplicate field 'a'");
        assertThatThrownBy(() -> canonical("{\"a\":1} {}")).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> StrictJson.base64("f", "AAE")).hasMessage("f is not in canonical padded base64");
        assertThat(StrictJson.base64("f", "AAE=")).containsExactly(0, 1);
    }
}
