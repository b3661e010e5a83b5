package org.dataright.cli.service;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.dataright.cli.base.CliException;
import org.dataright.cli.base.Output;
import org.dataright.cli.profile.Profile;
import org.dataright.ledger.client.NetworkDescription;

/** The registry's {@code /api/network} answer kept in an embedded profile ({@code network.json}), and its trust bundle. */
public final class NetworkCache {
    static final String FILE = "network.json";

    private NetworkCache() {
    }

    public static Optional<NetworkDescription> load(Profile profile) {
        Path file = profile.dir().resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(NetworkDescription.from(Output.JSON.readTree(file.toFile())));
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The cached answer, or a fresh one from the service (then cached). */
    public static NetworkDescription loadOrFetch(Profile profile) {
        return load(profile).orElseGet(() -> fetch(profile));
    }

    /** Asks the service and keeps the answer and its trust bundle in the profile. */
    public static NetworkDescription fetch(Profile profile) {
        NetworkDescription info = new RegistryService(profile.requireService()).network();
        try {
            Files.writeString(profile.dir().resolve(FILE), Output.JSON.writeValueAsString(info) + "\n");
            if (info.trustBundle() != null && info.trustBundle().isObject()) {
                Files.writeString(profile.trustBundle(), Output.JSON.writeValueAsString(info.trustBundle()) + "\n");
            }
        } catch (IOException e) {
            throw CliException.failed("WRITE_FAILED", "cannot write into " + profile.dir() + ": " + e.getMessage(),
                    "check that the profile directory is writable", e);
        }
        return info;
    }
}
