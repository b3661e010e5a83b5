package org.dataright.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the external builder (builders/ccaas/bin/detect, build, release) for real, the way a peer
 * does: on the contents of a chaincode-as-a-service package written by scripts/package.sh.
 */
class ExternalBuilderTest {
    private static final Path BIN = Network.DIR.resolve("builders/ccaas/bin");

    @TempDir
    Path tmp;

    @Test
    void aPackageFromPackageShIsDetectedBuiltAndReleased() throws IOException {
        Path pkg = tmp.resolve("rights_1.0.tar.gz");
        Network.Result packaged = Network.run(Network.DIR, Map.of(), 60,
                "bash", "scripts/package.sh", "rights_1.0", "127.0.0.1:9999", "10s", pkg.toString());
        assertThat(packaged.exitCode()).as(packaged.output()).isZero();

        // What the peer does with an installed package: metadata.json apart, code.tar.gz unpacked as the source.
        Path unpacked = Files.createDirectories(tmp.resolve("unpacked"));
        untar(pkg, unpacked);
        assertThat(unpacked.resolve("metadata.json")).exists();
        assertThat(unpacked.resolve("code.tar.gz")).exists();
        String metadata = Files.readString(unpacked.resolve("metadata.json"));
        assertThat(metadata).contains("\"type\":\"ccaas\"").contains("\"label\":\"rights_1.0\"");
        Path source = Files.createDirectories(tmp.resolve("source"));
        untar(unpacked.resolve("code.tar.gz"), source);
        Path metadataDir = Files.createDirectories(tmp.resolve("metadata"));
        Files.copy(unpacked.resolve("metadata.json"), metadataDir.resolve("metadata.json"));

        assertThat(run("detect", source, metadataDir).exitCode()).isZero();

        Path output = Files.createDirectories(tmp.resolve("build-output"));
        Network.Result build = run("build", source, metadataDir, output);
        assertThat(build.exitCode()).as(build.output()).isZero();
        String connection = Files.readString(output.resolve("connection.json"));
        assertThat(connection).contains("\"address\": \"127.0.0.1:9999\"", "\"dial_timeout\": \"10s\"", "\"tls_required\": false");

        Path release = Files.createDirectories(tmp.resolve("release"));
        Network.Result released = run("release", output, release);
        assertThat(released.exitCode()).as(released.output()).isZero();
        assertThat(release.resolve("chaincode/server/connection.json")).hasContent(connection);
    }

    @Test
    void detectAcceptsOnlyTheCcaasType() throws IOException {
        Path source = Files.createDirectories(tmp.resolve("src"));
        Path meta = Files.createDirectories(tmp.resolve("meta"));
        write(meta.resolve("metadata.json"), "{\n  \"path\": \"\",\n  \"type\" : \"ccaas\",\n  \"label\": \"rights_2.0\"\n}\n");
        assertThat(run("detect", source, meta).exitCode()).isZero();
        write(meta.resolve("metadata.json"), "{\"path\":\"\",\"type\":\"java\",\"label\":\"rights_2.0\"}");
        assertThat(run("detect", source, meta).exitCode()).isEqualTo(1);
        write(meta.resolve("metadata.json"), "{\"label\":\"no type\"}");
        assertThat(run("detect", source, meta).exitCode()).isEqualTo(1);
        Files.delete(meta.resolve("metadata.json"));
        assertThat(run("detect", source, meta).exitCode()).isEqualTo(1);
        assertThat(run("detect", source).exitCode()).as("wrong argument count").isEqualTo(2);
    }

    @Test
    void buildRefusesAPackageWithoutAConnectionAddress() throws IOException {
        Path source = Files.createDirectories(tmp.resolve("src"));
        Path meta = Files.createDirectories(tmp.resolve("meta"));
        Path out = Files.createDirectories(tmp.resolve("out"));
        Network.Result missing = run("build", source, meta, out);
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.output()).contains("connection.json not found");

        write(source.resolve("connection.json"), "{\"dial_timeout\":\"10s\"}");
        Network.Result noAddress = run("build", source, meta, out);
        assertThat(noAddress.exitCode()).isEqualTo(1);
        assertThat(noAddress.output()).contains("no \"address\"");
        assertThat(out.resolve("connection.json")).doesNotExist();
    }

    @Test
    void buildCarriesStateDatabaseIndexesThroughRelease() throws IOException {
        Path source = Files.createDirectories(tmp.resolve("src"));
        write(source.resolve("connection.json"), "{\"address\":\"127.0.0.1:9999\",\"dial_timeout\":\"10s\",\"tls_required\":false}");
        Path index = Files.createDirectories(source.resolve("metadata/statedb/couchdb/indexes"));
        write(index.resolve("holder.json"), "{\"index\":{\"fields\":[\"holder\"]}}");
        Path out = Files.createDirectories(tmp.resolve("out"));
        assertThat(run("build", source, Files.createDirectories(tmp.resolve("meta")), out).exitCode()).isZero();
        Path release = Files.createDirectories(tmp.resolve("release"));
        assertThat(run("release", out, release).exitCode()).isZero();
        assertThat(release.resolve("statedb/couchdb/indexes/holder.json")).exists();
        assertThat(release.resolve("chaincode/server/connection.json")).exists();
    }

    @Test
    void releaseRefusesAnEmptyBuild() throws IOException {
        Network.Result r = run("release", Files.createDirectories(tmp.resolve("empty")), Files.createDirectories(tmp.resolve("rel")));
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.output()).contains("connection.json not found");
    }

    @Test
    void packageShRefusesABadAddressOrLabel() {
        Network.Result badAddress = Network.run(Network.DIR, Map.of(), 30,
                "bash", "scripts/package.sh", "rights_1.0", "no-port", "10s", tmp.resolve("p.tgz").toString());
        assertThat(badAddress.exitCode()).isEqualTo(2);
        Network.Result badLabel = Network.run(Network.DIR, Map.of(), 30,
                "bash", "scripts/package.sh", "rights 1.0", "127.0.0.1:9999", "10s", tmp.resolve("p.tgz").toString());
        assertThat(badLabel.exitCode()).isEqualTo(2);
    }

    private static Network.Result run(String step, Path... args) {
        String[] command = new String[args.length + 1];
        command[0] = BIN.resolve(step).toString();
        for (int i = 0; i < args.length; i++) {
            command[i + 1] = args[i].toString();
        }
        return Network.run(Network.DIR, Map.of(), 30, command);
    }

    private static void untar(Path archive, Path into) {
        Network.Result r = Network.run(into, Map.of(), 30, "tar", "-xzf", archive.toString(), "-C", into.toString());
        assertThat(r.exitCode()).as(r.output()).isZero();
    }

    private static void write(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
