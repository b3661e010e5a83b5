package org.dataright.testsupport;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.spi.ToolProvider;

/**
 * Cycles between the packages of a module, read from its compiled classes with the JDK's own jdeps
 * ({@code -verbose:package}), so a reference in code counts as much as an import. A module's tests
 * assert there are none: packages then layer, and each can be understood from the ones below it.
 */
public final class PackageCycles {
    private PackageCycles() {
    }

    /**
     * The cycles among the packages under {@code prefix} in {@code classes} (such as {@code target/classes}):
     * each a set of packages that reach one another, sorted; empty when there is none.
     */
    public static List<Set<String>> in(Path classes, String prefix) {
        if (!Files.isDirectory(classes)) {
            throw new IllegalArgumentException(classes + " is not a directory of compiled classes");
        }
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow(() ->
                new IllegalStateException("this Java runtime has no jdeps: run the tests on a JDK"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = jdeps.run(new PrintWriter(out), new PrintWriter(err), "-verbose:package", "-filter:none", classes.toString());
        if (exit != 0) {
            throw new IllegalStateException("jdeps failed (" + exit + "): " + err);
        }
        Map<String, Set<String>> uses = new TreeMap<>();
        for (String line : out.toString().split("\n")) {
            // "   org.example.a     -> org.example.b     classes"
            String[] words = line.strip().split("\\s+");
            if (words.length >= 3 && words[1].equals("->") && words[0].startsWith(prefix) && words[2].startsWith(prefix)) {
                uses.computeIfAbsent(words[0], p -> new TreeSet<>());
                uses.computeIfAbsent(words[2], p -> new TreeSet<>());
                if (!words[0].equals(words[2])) {
                    uses.get(words[0]).add(words[2]);
                }
            }
        }
        return new Tarjan(uses).cycles;
    }

    /** Tarjan's strongly connected components; a component of two or more packages is a cycle. */
    private static final class Tarjan {
        private final Map<String, Set<String>> uses;
        private final Map<String, Integer> index = new HashMap<>();
        private final Map<String, Integer> low = new HashMap<>();
        private final Deque<String> stack = new ArrayDeque<>();
        private final Set<String> onStack = new TreeSet<>();
        private final List<Set<String>> cycles = new ArrayList<>();

        Tarjan(Map<String, Set<String>> uses) {
            this.uses = uses;
            for (String p : uses.keySet()) {
                if (!index.containsKey(p)) {
                    visit(p);
                }
            }
        }

        private void visit(String p) {
            index.put(p, index.size());
            low.put(p, index.get(p));
            stack.push(p);
            onStack.add(p);
            for (String q : uses.get(p)) {
                if (!index.containsKey(q)) {
                    visit(q);
                    low.put(p, Math.min(low.get(p), low.get(q)));
                } else if (onStack.contains(q)) {
                    low.put(p, Math.min(low.get(p), index.get(q)));
                }
            }
            if (low.get(p).equals(index.get(p))) {
                Set<String> component = new TreeSet<>();
                String q;
                do {
                    q = stack.pop();
                    onStack.remove(q);
                    component.add(q);
                } while (!q.equals(p));
                if (component.size() > 1) {
                    cycles.add(component);
                }
            }
        }
    }
}
