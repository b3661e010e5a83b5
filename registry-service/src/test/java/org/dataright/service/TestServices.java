package org.dataright.service;

import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Starts the whole service in embedded mode, with the real embedded peer and the real chaincode jar. */
public final class TestServices {
    private TestServices() {
    }

    /**
     * The chaincode jar the reactor built before this module ({@code ../chaincode/target/chaincode.jar},
     * as surefire runs in {@code registry-service/}).
     */
    public static Path chaincodeJar() {
        Path jar = Path.of("..", "chaincode", "target", "chaincode.jar").toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            fail("the end-to-end tests need the chaincode jar " + jar + "; build it first: "
                    + "'mvn -B -pl chaincode install -DskipTests' (or run 'mvn -B verify' from the repository root)");
        }
        return jar;
    }

    /** The service on a random HTTP port and a random peer port, keeping everything in {@code data}. */
    public static ConfigurableApplicationContext start(Path data, String... extra) {
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--registry.mode=embedded",
                "--registry.data-dir=" + data, "--registry.embedded.peer-port=0",
                "--registry.embedded.chaincode-jar=" + chaincodeJar(), "--logging.structured.format.console="));
        args.addAll(List.of(extra));
        return new SpringApplicationBuilder(RegistryApplication.class).run(args.toArray(String[]::new));
    }

    /** {@code http://127.0.0.1:<port>} of a started service. */
    public static String baseUrl(ConfigurableApplicationContext context) {
        return "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
    }
}
