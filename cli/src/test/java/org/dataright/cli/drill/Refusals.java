package org.dataright.cli.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.dataright.cli.Cli;

/** What every refusal of dpr must look like, and the file tree it must leave as it was. */
final class Refusals {
    private Refusals() {
    }

    /**
     * Exit code {@code exit}; on stderr {@code error: CODE: <sentence>} (any code when {@code code} is null),
     * then a {@code next:} line; no stack trace, no Java exception names, nothing about a fault in dpr;
     * nothing on stdout.
     */
    static void assertRefused(String what, Cli.Result result, int exit, String code) {
        String shown = what + "\nexit " + result.exit() + "\nstderr:\n" + result.err() + "stdout:\n" + result.out();
        assertThat(result.exit()).as(shown).isEqualTo(exit);
        List<String> lines = result.err().lines().toList();
        int error = -1;
        for (int i = 0; i < lines.size() && error < 0; i++) {
            if (lines.get(i).startsWith("error: ")) {
                error = i;
            }
        }
        assertThat(error).as(shown).isNotNegative();
        String prefix = code != null ? "error: " + code + ": " : lines.get(error).replaceFirst("^(error: [A-Z]+(_[A-Z0-9]+)*: ).*", "$1");
        assertThat(prefix).as(shown).matches("error: [A-Z]+(_[A-Z0-9]+)*: ");
        assertThat(lines.get(error)).as(shown).startsWith(prefix);
        assertThat(lines.get(error).substring(prefix.length()).strip()).as(shown).hasSizeGreaterThan(10);
        assertThat(lines.subList(error + 1, lines.size())).as(shown)
                .anySatisfy(line -> assertThat(line).startsWith("next: ").hasSizeGreaterThan(12));
        assertThat(result.err()).as(shown).doesNotContain("\tat ", "Exception", "error: INTERNAL", "fault in dpr");
        assertThat(result.out()).as(shown).isEmpty();
    }

    /**
     * Runs dpr in {@code home}; expects the refusal; checks that no file of the profiles or inputs changed
     * and the ledger did not move. A minute at most: reading a pipe would block for ever.
     */
    static void refused(DrillHome home, String what, Cli cli, int exit, String code, String... args) {
        Map<String, String> profiles = tree(home.home());
        Map<String, String> inputs = tree(home.in);
        long height = home.height();
        Cli.Result result = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> cli.run(args),
                () -> what + ": dpr did not finish: " + String.join(" ", args));
        String command = String.join(" ", args);
        assertRefused(what + "\n$ dpr " + (command.length() > 300 ? command.substring(0, 300) + "…" : command), result,
                exit, code);
        assertThat(tree(home.home())).as(what + ": files of the profiles").isEqualTo(profiles);
        assertThat(tree(home.in)).as(what + ": input files").isEqualTo(inputs);
        assertThat(home.height()).as(what + ": the ledger's height").isEqualTo(height);
    }

    /** Every file under {@code root} (symbolic links not followed) with its size and time of last change. */
    static Map<String, String> tree(Path root) {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.forEach(p -> files.put(root.relativize(p).toString(), describe(p)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    private static String describe(Path p) {
        try {
            if (Files.isSymbolicLink(p)) {
                return "link to " + Files.readSymbolicLink(p);
            }
            if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                return "directory";
            }
            if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                return "special";
            }
            // Any write moves the time of last change; the contents are not read, so large inputs stay cheap.
            return Files.size(p) + " bytes, changed " + Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toInstant();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
