package org.dataright.chaincode;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.hyperledger.fabric.shim.ChaincodeException;
import org.junit.jupiter.api.Test;

/**
 * {@code chaincode.jar} keeps only part of ICU's data (see the pom): run from the jar alone, the text rules
 * must store the same bytes, make the same skeletons and refuse with the same sentences as with all of ICU.
 */
class ShadedJarIT {
    static final String[] INPUTS = {"Cafe\u0301\u00a0\u00a0Holdings", "\uff21cme（上海）", "\u0410cme", "数据资产登记",
        "AppIe", "Q3 \u202Efdp.xslx", "a\u200bb", "a" + new String(Character.toChars(0x2FFFF))};

    /** Each input's stored name and skeleton, or its refusal, one line each (Unicode escaped, so the pipe is ASCII). */
    static List<String> results() {
        List<String> lines = new ArrayList<>();
        for (String input : INPUTS) {
            String line;
            try {
                line = Input.text("display name", input, Input.NAME) + " | " + Text.skeleton(input) + " | "
                        + Input.text("title", input, Input.LONG_TEXT);
            } catch (ChaincodeException e) {
                line = e.getMessage();
            }
            lines.add(escaped(line));
        }
        lines.add(Text.SKELETON_RULE);
        return lines;
    }

    static String escaped(String s) {
        StringBuilder out = new StringBuilder();
        s.codePoints().forEach(c -> out.append(c < 0x80 ? String.valueOf((char) c) : String.format("\\u{%X}", c)));
        return out.toString();
    }

    /** Run in a JVM whose class path is the shaded jar (and this class). */
    public static final class Probe {
        public static void main(String[] args) {
            results().forEach(System.out::println);
        }
    }

    @Test
    void theJarsTextRulesAreThoseOfAllOfIcu() throws Exception {
        Path jar = Paths.get(System.getProperty("dpr.chaincodeJar"));
        assertThat(jar).exists();
        String testClasses = Paths.get(ShadedJarIT.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        Process p = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                jar + File.pathSeparator + testClasses, Probe.class.getName()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out.lines()).containsExactlyElementsOf(results());
        assertThat(Files.size(jar)).as("chaincode.jar, bytes").isLessThan(40_000_000L);
    }
}
