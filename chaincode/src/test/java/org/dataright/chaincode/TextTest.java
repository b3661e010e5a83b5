package org.dataright.chaincode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.ibm.icu.lang.UCharacter;
import com.ibm.icu.lang.UCharacterCategory;
import com.ibm.icu.lang.UProperty;
import com.ibm.icu.text.Normalizer2;
import java.nio.charset.StandardCharsets;
import org.hyperledger.fabric.shim.ChaincodeException;
import org.junit.jupiter.api.Test;

/** The text rules on their own: what is refused, and the bytes stored for what is accepted. */
class TextTest {

    static String name(String s) {
        return Input.text("display name", s, Input.NAME);
    }

    static String line(String s) {
        return Input.text("title", s, Input.SHORT_TEXT);
    }

    static String prose(String s) {
        return Input.text("description", s, Input.LONG_TEXT);
    }

    static ChaincodeException refused(Runnable r, ErrorCode code) {
        ChaincodeException e = (ChaincodeException) org.assertj.core.api.Assertions.catchThrowable(r::run);
        assertThat(e).as("refused with %s", code).isNotNull();
        FakeFabric.assertRejection(e, code);
        return e;
    }

    @Test
    void composedAndDecomposedCafeAreTheSameBytes() {
        String nfc = "Caf\u00e9 Holdings";
        String nfd = "Cafe\u0301 Holdings";
        assertThat(name(nfd)).isEqualTo(nfc);
        assertThat(line(nfd)).isEqualTo(nfc);
        assertThat(prose(nfd)).isEqualTo(nfc);
        assertThat(Text.skeleton(nfd)).isEqualTo(Text.skeleton(nfc));
    }

    @Test
    void aFullWidthNameIsStoredInItsPlainLetters() {
        assertThat(name("\uff21cme")).isEqualTo("Acme");
        assertThat(name("\uff21\uff43\uff4d\uff45\u3000Data")).isEqualTo("Acme Data");
    }

    @Test
    void spacesArePlainCollapsedAndTrimmed() {
        assertThat(name("Acme\u00a0Data")).isEqualTo("Acme Data");
        assertThat(name("  Acme   Data\t ")).isEqualTo("Acme Data");
        assertThat(line("Traffic\u2003\u2009readings\nfor 2025")).isEqualTo("Traffic readings for 2025");
        assertThat(prose(" first  line \r\nsecond\u00a0line\n\n\n third ")).isEqualTo("first line\nsecond line\n\nthird");
        assertThat(Input.optionalText("description", "\u00a0\u3000 ", Input.LONG_TEXT)).isNull();
        refused(() -> name(" \u00a0 "), ErrorCode.INVALID_ARGUMENT);
    }

    @Test
    void bidiControlsAreRefusedInEveryKindOfTextNamingFieldAndCodePoint() {
        int[] bidi = {0x061C, 0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069};
        for (int c : bidi) {
            String text = "invoice " + new String(Character.toChars(c)) + "fdp.exe";
            for (Text.Shape shape : new Text.Shape[] {Input.NAME, Input.SHORT_TEXT, Input.LONG_TEXT, Input.PARTY_ID}) {
                ChaincodeException e = refused(() -> Input.text("title", text, shape), ErrorCode.TEXT_CONTROL_CHARACTER);
                assertThat(e.getMessage()).contains("title contains " + String.format("U+%04X", c))
                        .contains("at character 9").contains("bidirectional control");
            }
        }
        assertThat(refused(() -> line("Sales \u202Ecod.exe"), ErrorCode.TEXT_CONTROL_CHARACTER).getMessage())
                .isEqualTo("TEXT_CONTROL_CHARACTER: title contains U+202E (RIGHT-TO-LEFT OVERRIDE) at character 7, a "
                        + "bidirectional control, which makes text display in another order than it is stored; remove it");
    }

    @Test
    void otherControlAndFormatCharactersAreRefused() {
        for (String invisible : new String[] {"\u0000", "\u0007", "\u001b", "\u007f", "\u200b", "\u2060", "\ufeff", "\u00ad",
                new String(Character.toChars(0xE0041))}) {
            refused(() -> line("a" + invisible + "b"), ErrorCode.TEXT_CONTROL_CHARACTER);
            refused(() -> name("a" + invisible + "b"), ErrorCode.TEXT_CONTROL_CHARACTER);
        }
        // Joiners are part of emoji and of Persian and Indic spelling in prose, but hide in a name.
        assertThat(prose("\u0645\u06CC\u200C\u062E\u0648\u0627\u0647\u0645")).contains("\u200C");
        refused(() -> name("Acme\u200DData"), ErrorCode.TEXT_CONTROL_CHARACTER);
    }

    @Test
    void unassignedCodePointsAndLoneSurrogatesAreRefused() {
        String unassigned = new String(Character.toChars(0x2FFFF));
        assertThat(refused(() -> line("a" + unassigned), ErrorCode.TEXT_UNASSIGNED_CHARACTER).getMessage())
                .contains("U+2FFFF").contains("at character 2");
        refused(() -> line("a\ud800b"), ErrorCode.TEXT_UNASSIGNED_CHARACTER);
        refused(() -> line("\ufdd0"), ErrorCode.TEXT_UNASSIGNED_CHARACTER);
    }

    @Test
    void chineseNamesAndTitlesAreAcceptedUnchanged() {
        for (String s : new String[] {"数据资产登记", "上海数据交易所", "甲数据有限公司", "2025年第一季度交通流量数据"}) {
            assertThat(name(s)).isEqualTo(s);
            assertThat(line(s)).isEqualTo(s);
            assertThat(prose(s)).isEqualTo(s);
        }
        // Full-width punctuation is how Chinese text is written: titles and prose keep it, a name is NFKC.
        assertThat(line("交通数据（2025）：第一季度")).isEqualTo("交通数据（2025）：第一季度");
        assertThat(prose("面积单位为m²，共计①项")).isEqualTo("面积单位为m²，共计①项");
        assertThat(name("甲数据有限公司（上海分公司）")).isEqualTo("甲数据有限公司(上海分公司)");
    }

    @Test
    void aPartyIdIsKeptByteForByte() {
        String party = "Org1MSP::CN=Cafe\u0301  Holdings,OU=client";
        assertThat(Input.text("party id", " " + party + " ", Input.PARTY_ID)).isEqualTo(party);
    }

    @Test
    void aPartyIdHoldsNoLineBreakNorTab() {
        for (String control : new String[] {"\r\n", "\n", "\t"}) {
            refused(() -> Input.text("holder", "Org1MSP::CN=acme" + control + "forged log line", Input.PARTY_ID),
                    ErrorCode.TEXT_CONTROL_CHARACTER);
        }
    }

    @Test
    void theLengthLimitAppliesToTheStoredText() {
        assertThat(line("t".repeat(200) + "   ")).hasSize(200);
        refused(() -> line("t".repeat(201)), ErrorCode.INVALID_ARGUMENT);
    }

    @Test
    void skeletonsMeetForTheFindingsLookAlikes() {
        String acme = Text.skeleton("Acme");
        assertThat(Text.skeleton("\u0410cme")).as("Cyrillic A").isEqualTo(acme);
        assertThat(Text.skeleton("\uff21cme")).as("full-width A").isEqualTo(acme);
        assertThat(Text.skeleton("ACME")).as("case").isEqualTo(acme);
        assertThat(Text.skeleton("Acrne")).as("rn for m").isEqualTo(acme);
        assertThat(Text.skeleton("AppIe")).as("capital I for l").isEqualTo(Text.skeleton("apple"));
        assertThat(Text.skeleton("Acme\u00a0 Data")).isEqualTo(Text.skeleton("Acme Data"));
        assertThat(Text.skeleton("Acme")).isNotEqualTo(Text.skeleton("Acne"));
        assertThat(Text.skeleton("数据资产登记")).isEqualTo("数据资产登记");
        assertThat(Text.skeleton("北京数据")).isNotEqualTo(Text.skeleton("南京数据"));
    }

    /** No code point that the rules let through turns, normalised, into one they refuse. */
    @Test
    void normalisingNeverMakesARefusedCharacter() {
        Normalizer2 nfkc = Normalizer2.getNFKCInstance();
        for (int c = 0; c <= Character.MAX_CODE_POINT; c++) {
            int type = UCharacter.getType(c);
            if (type == UCharacterCategory.UNASSIGNED || type == UCharacterCategory.SURROGATE
                    || type == UCharacterCategory.CONTROL || type == UCharacterCategory.FORMAT) {
                continue;
            }
            String out = nfkc.normalize(new String(Character.toChars(c)));
            for (int o : out.codePoints().toArray()) {
                boolean refusedType = UCharacter.getType(o) == UCharacterCategory.FORMAT
                        || (UCharacter.getType(o) == UCharacterCategory.CONTROL
                                && !UCharacter.hasBinaryProperty(o, UProperty.WHITE_SPACE));
                if (refusedType) {
                    throw new AssertionError(String.format("NFKC of U+%04X holds U+%04X", c, o));
                }
            }
        }
    }

    @Test
    void theStoredBytesArePinned() {
        // Changing them changes what endorsers store: only with a new ICU and a reason in the README.
        assertThat(name("Cafe\u0301\u00a0\u00a0Holdings").getBytes(StandardCharsets.UTF_8))
                .containsExactly("Caf\u00e9 Holdings".getBytes(StandardCharsets.UTF_8));
        assertThat(Text.SKELETON_RULE).startsWith("uts39-skeleton-casefold/icu-79.1");
        assertThatThrownBy(() -> name(null)).isInstanceOf(ChaincodeException.class).hasMessageStartingWith("INVALID_ARGUMENT");
    }
}
