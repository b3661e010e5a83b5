package org.dataright.cli.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.dataright.cli.base.Output;
import org.dataright.testsupport.RegistryServiceProcess;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * The one registry service that every e2e test class of a run shares (it takes half a minute to start):
 * a {@link RegistryServiceProcess} in embedded mode (the embedded peer running the real chaincode jar),
 * with its own working and data directory under {@code target/}, resolved as a parameter and started on
 * first use, stopped when the run ends (JUnit closes what its root store holds). A failed test prints
 * the end of the service's log, and the directory (log included) is kept when any test failed.
 */
public final class SharedService implements ParameterResolver, TestWatcher, LifecycleMethodExecutionExceptionHandler {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedService.class);
    private static final int LOG_LINES_ON_FAILURE = 300;

    /** What the root store holds: the service and its directory, deleted at the end unless a test failed. */
    private static final class Run implements AutoCloseable {
        final RegistryServiceProcess service;
        final Path dir;
        volatile boolean failed;

        Run(RegistryServiceProcess service, Path dir) {
            this.service = service;
            this.dir = dir;
        }

        @Override
        public void close() throws IOException {
            service.close();
            if (failed) {
                System.err.println("registry service directory kept for inspection: " + dir);
                return;
            }
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == RegistryServiceProcess.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(Run.class, key -> start(), Run.class).service;
    }

    private static Run start() {
        Path dir = Path.of("target").toAbsolutePath()
                .resolve("registry-service-" + ProcessHandle.current().pid() + "-" + System.currentTimeMillis());
        RegistryServiceProcess service = RegistryServiceProcess.builder(RegistryServiceProcess.serviceJar(),
                        dir.resolve("data"), dir.resolve("service.log"))
                .embedded(RegistryServiceProcess.chaincodeJar())
                .jvmOptions("-XX:+UseSerialGC")
                .build();
        service.start();
        return new Run(service, dir);
    }

    private static void report(ExtensionContext context, Throwable cause) {
        Run run = context.getRoot().getStore(NAMESPACE).get(Run.class, Run.class);
        if (run != null) {
            run.failed = true;
            System.err.println("=== " + context.getDisplayName() + " failed (" + cause + "); the registry service's log at "
                    + run.service.url() + ":\n" + run.service.logTail(LOG_LINES_ON_FAILURE)
                    + "\n=== end of the registry service's log");
        }
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        report(context, cause);
    }

    @Override
    public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        report(context, throwable);
        throw throwable;
    }

    /** {@code GET path} of the service's API as JSON; anything but 200 fails the test with the answer. */
    static JsonNode json(RegistryServiceProcess service, String path) {
        String body = service.get(path);
        try {
            return Output.JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + path + " answered something that is not JSON: " + body, e);
        }
    }

    /** The ledger height the service reads from the peer ({@code GET /api/ledger}). */
    static long height(RegistryServiceProcess service) {
        return json(service, "/api/ledger").get("height").asLong();
    }

    /** A path segment for ids with '/' (right ids). */
    static String segment(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8);
    }
}
