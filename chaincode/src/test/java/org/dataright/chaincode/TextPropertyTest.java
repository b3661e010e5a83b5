package org.dataright.chaincode;

import static org.assertj.core.api.Assertions.assertThat;

import com.ibm.icu.text.Normalizer2;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.hyperledger.fabric.shim.ChaincodeException;

/** For any text: normalising is stable, total (stored or refused with a text code) and independent of the JVM's locale. */
class TextPropertyTest {

    @Provide
    Arbitrary<String> texts() {
        // Latin with combining marks, Cyrillic, CJK with full-width forms, Arabic, spaces of every kind, controls.
        return Arbitraries.strings().withChars("aAeé\u0301\u0308IlmnrО\u0410\u0430数据资产（）：，\uff21\uff41²①\u0645\u200c")
                .withChars(' ', '\u00a0', '\u3000', '\u2003', '\t', '\n', '\r', '\u2028')
                .withChars('\u202e', '\u200b', '\u0007')
                .ofMaxLength(40);
    }

    @Property(tries = 400)
    void normalisingTwiceIsNormalisingOnce(@ForAll("texts") String s) {
        for (Text.Shape shape : new Text.Shape[] {Input.NAME, Input.SHORT_TEXT, Input.LONG_TEXT}) {
            String once;
            try {
                once = Input.optionalText("text", s, shape);
            } catch (ChaincodeException e) {
                assertThat(e.getMessage()).matches("(TEXT_CONTROL_CHARACTER|TEXT_UNASSIGNED_CHARACTER): text contains .*");
                continue;
            }
            if (once == null) {
                continue;
            }
            assertThat(Input.optionalText("text", once, shape)).isEqualTo(once);
            Normalizer2 form = shape == Input.NAME ? Normalizer2.getNFKCInstance() : Normalizer2.getNFCInstance();
            assertThat(form.isNormalized(once)).isTrue();
            assertThat(once).doesNotStartWith(" ").doesNotEndWith(" ").doesNotContain("  ").doesNotContain("\u00a0");
            assertThat(Text.skeleton(once)).isEqualTo(Text.skeleton(s));
        }
    }

    @Property(tries = 200)
    void theStoredBytesDoNotDependOnTheDefaultLocale(@ForAll("texts") String s) {
        Locale before = Locale.getDefault();
        String[] results = new String[2];
        try {
            Locale[] locales = {Locale.forLanguageTag("en-US"), Locale.forLanguageTag("tr-TR")};
            for (int i = 0; i < 2; i++) {
                Locale.setDefault(locales[i]);
                try {
                    results[i] = Input.optionalText("display name", s, Input.NAME) + "|" + Text.skeleton(s);
                } catch (ChaincodeException e) {
                    results[i] = e.getMessage();
                }
            }
        } finally {
            Locale.setDefault(before);
        }
        assertThat(results[1]).isEqualTo(results[0]);
    }
}
