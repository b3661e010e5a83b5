package org.dataright.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import org.dataright.network.Network.Node;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs always: channel.sh and deploy.sh against stand-ins for Fabric's binaries that answer as Fabric
 * 2.5.16 does (what they print was seen on the real binaries), so the scripts' reading of those answers
 * is tested on machines without Fabric too. FabricNetworkIT runs the same scripts on the
 * real binaries.
 */
class FakeFabricTest {
    @TempDir
    Path tmp;

    /**
     * osnadmin exits 0 for every HTTP answer: `channel list --channelID` of a channel the orderer has not
     * joined prints {@code Status: 404} and {@code "channel does not exist"}, with exit code 0. channel.sh
     * once took that for "already a member", skipped every join and then failed waiting for the channel.
     */
    @Test
    void channelJoinsOrderersThatAnswer404ToTheListAndWaitsUntilTheyAreActive() throws IOException {
        Path copy = Network.copyScripts(tmp.resolve("network-config"));
        Path bin = fakeBin();
        Path state = Files.createDirectories(tmp.resolve("state"));
        Network.Result r = Network.run(copy, env(copy, bin, state), 120, "bash", "scripts/channel.sh");
        assertThat(r.exitCode()).as(r.output()).isZero();
        for (Node orderer : Network.nodes("orderer")) {
            assertThat(r.output()).contains("joined " + orderer.name() + " to registry")
                    .doesNotContain(orderer.name() + " is already a member");
            assertThat(state.resolve("orderer-" + orderer.port2())).exists();
        }
        assertThat(r.output()).contains("the orderers serve registry");
        for (Node peer : Network.nodes("peer")) {
            assertThat(r.output()).contains("joined " + peer.name() + " to registry");
        }

        // Run again: now every orderer answers 200 and is skipped; a join answered 405 "already exists" is not an error.
        Network.Result again = Network.run(copy, env(copy, bin, state), 120, "bash", "scripts/channel.sh");
        assertThat(again.exitCode()).as(again.output()).isZero();
        for (Node orderer : Network.nodes("orderer")) {
            assertThat(again.output()).contains(orderer.name() + " is already a member of registry");
        }
    }

    /** An orderer that answers neither 200 nor 404 to the list is an error that names the answer, not a skipped join. */
    @Test
    void channelReportsAnOrdererAnswerItCannotRead() throws IOException {
        Path copy = Network.copyScripts(tmp.resolve("network-config"));
        Path state = Files.createDirectories(tmp.resolve("state"));
        Files.writeString(state.resolve("list-status"), "503");
        Network.Result r = Network.run(copy, env(copy, fakeBin(), state), 120, "bash", "scripts/channel.sh");
        assertThat(r.exitCode()).as(r.output()).isEqualTo(1);
        assertThat(r.output()).contains("ERROR: osnadmin could not ask orderer0 about registry: Status: 503");
    }

    /**
     * `peer lifecycle chaincode calculatepackageid` reads core.yaml from FABRIC_CFG_PATH like every peer
     * command. deploy.sh set FABRIC_CFG_PATH only inside $(committed_sequence), a subshell, so with the
     * variable unset in the caller's environment deploy and deploy --upgrade stopped at
     * {@code Config File "core" Not Found}. The stand-in peer refuses to run without core.yaml as the real
     * one does; its `install` stops the deployment once the package id is known.
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void deployFindsCoreYamlWithoutFabricCfgPathInTheEnvironment(boolean upgrade) throws IOException {
        Path copy = Network.copyScripts(tmp.resolve("network-config"));
        Path state = Files.createDirectories(tmp.resolve("state"));
        if (upgrade) {
            Files.writeString(state.resolve("committed-sequence"), "1");
        }
        Map<String, String> env = env(copy, fakeBin(), state);
        Files.createDirectories(copy.resolve("run/chaincode"));
        Network.Result r = upgrade ? Network.run(copy, env, 120, "bash", "scripts/deploy.sh", "--upgrade")
                : Network.run(copy, env, 120, "bash", "scripts/deploy.sh");
        String version = upgrade ? "2.0" : "1.0";
        assertThat(r.output()).doesNotContain("Config File \"core\" Not Found")
                .contains("package id rights_" + version + ":fake")
                .contains("install on peer0-registry failed: fake peer: install stops the test here");
        assertThat(copy.resolve("run/chaincode/package-id")).hasContent("rights_" + version + ":fake");
        assertThat(r.exitCode()).isEqualTo(1);
    }

    /**
     * An `up` killed before it could clean up leaves run/up-step: `status` calls the network unfinished and
     * names the step, `deploy` refuses; a failed `up` (run/up-failed) is told apart. No binary is needed.
     */
    @Test
    void statusTellsAnUnfinishedUpFromAFailedOneAndDeployRefusesBoth() throws IOException {
        Path copy = Network.copyScripts(tmp.resolve("network-config"));
        Path run = Files.createDirectories(copy.resolve("run"));
        Files.writeString(run.resolve("mode"), "native cryptogen\n");
        Files.writeString(run.resolve("up-step"), "starting the orderers and peers\n");
        Map<String, String> env = env(copy, fakeBin(), Files.createDirectories(tmp.resolve("state")));
        Network.Result status = Network.run(copy, env, 60, "bash", "network.sh", "status");
        assertThat(status.exitCode()).as(status.output()).isZero();
        assertThat(status.output()).contains("network: unfinished — an 'up' (native cryptogen) is running or was killed "
                + "while starting the orderers and peers");
        Network.Result deploy = Network.run(copy, env, 60, "bash", "network.sh", "deploy");
        assertThat(deploy.exitCode()).isEqualTo(1);
        assertThat(deploy.output()).contains("the last 'up' did not finish (it stopped while starting the orderers and peers)");

        Files.move(run.resolve("up-step"), run.resolve("up-failed"));
        status = Network.run(copy, env, 60, "bash", "network.sh", "status");
        assertThat(status.output()).contains("network: failed — the last 'up' (native cryptogen) failed while starting the orderers and peers");
        deploy = Network.run(copy, env, 60, "bash", "network.sh", "deploy");
        assertThat(deploy.exitCode()).isEqualTo(1);
        assertThat(deploy.output()).contains("the last 'up' failed while starting the orderers and peers");
    }

    private Map<String, String> env(Path copy, Path bin, Path state) {
        Map<String, String> env = new HashMap<>(Network.scriptEnv(copy));
        env.put("FABRIC_BIN", bin.toString());
        env.put("FAKE_FABRIC_STATE", state.toString());
        // only the stand-ins: no Fabric binary of this machine's PATH, and no FABRIC_CFG_PATH from the caller
        env.put("PATH", bin + ":/usr/bin:/bin");
        env.put("FABRIC_CFG_PATH", "");
        return env;
    }

    /** Stand-ins for osnadmin, peer and configtxgen, keeping what they did in FAKE_FABRIC_STATE. */
    private Path fakeBin() throws IOException {
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        script(bin.resolve("configtxgen"), """
                #!/usr/bin/env bash
                # -outputBlock FILE
                while [[ $# -gt 0 ]]; do [[ $1 == -outputBlock ]] && { echo block > "$2"; exit 0; }; shift; done
                exit 1
                """);
        script(bin.resolve("osnadmin"), """
                #!/usr/bin/env bash
                # osnadmin channel list|join ... -o HOST:PORT: answers as osnadmin 2.5 prints them, exit 0 for any HTTP answer
                verb=$2 port=""
                while [[ $# -gt 0 ]]; do [[ $1 == -o ]] && port=${2##*:}; shift; done
                joined=$FAKE_FABRIC_STATE/orderer-$port
                case $verb in
                  list)
                    if [[ -f $FAKE_FABRIC_STATE/list-status ]]; then
                      printf 'Status: %s\\n{\\n\\t"error": "service unavailable"\\n}\\n\\n' "$(< "$FAKE_FABRIC_STATE/list-status")"
                    elif [[ -f $joined ]]; then
                      printf 'Status: 200\\n{\\n\\t"name": "registry",\\n\\t"consensusRelation": "consenter",\\n\\t"status": "active",\\n\\t"height": 1\\n}\\n\\n'
                    else
                      printf 'Status: 404\\n{\\n\\t"error": "channel does not exist"\\n}\\n\\n'
                    fi ;;
                  join)
                    if [[ -f $joined ]]; then
                      printf 'Status: 405\\n{\\n\\t"error": "cannot join: channel already exists"\\n}\\n\\n'
                    else
                      touch "$joined"
                      printf 'Status: 201\\n{\\n\\t"name": "registry",\\n\\t"status": "active",\\n\\t"height": 1\\n}\\n\\n'
                    fi ;;
                esac
                exit 0
                """);
        script(bin.resolve("peer"), """
                #!/usr/bin/env bash
                # Like the real peer: no core.yaml under FABRIC_CFG_PATH, no command.
                if [[ ! -f ${FABRIC_CFG_PATH:-.}/core.yaml ]]; then
                  echo "Error: fatal error when initializing core config : Config File \\"core\\" Not Found in \\"[${FABRIC_CFG_PATH:-$PWD}]\\"" >&2
                  exit 1
                fi
                case "$1 $2" in
                  "channel getinfo")
                    [[ -f $FAKE_FABRIC_STATE/peer-$CORE_PEER_ADDRESS ]] && { echo 'Blockchain info: {"height":1}'; exit 0; }
                    echo "Error: received bad response, status 500: access denied for [GetChainInfo][registry]" >&2; exit 1 ;;
                  "channel join") touch "$FAKE_FABRIC_STATE/peer-$CORE_PEER_ADDRESS"; echo "Successfully submitted proposal to join channel" >&2 ;;
                  "lifecycle chaincode")
                    case $3 in
                      querycommitted)
                        if [[ -f $FAKE_FABRIC_STATE/committed-sequence ]]; then
                          printf '{"sequence": %s, "version": "1.0"}\\n' "$(< "$FAKE_FABRIC_STATE/committed-sequence")"
                        else
                          echo "Error: query failed with status: 404 - namespace rights is not defined" >&2; exit 1
                        fi ;;
                      calculatepackageid)
                        label=$(tar -xzOf "$4" metadata.json | sed 's/.*"label":"\\([^"]*\\)".*/\\1/')
                        echo "$label:fake" ;;
                      queryinstalled) echo '{}' ;;
                      install) echo "fake peer: install stops the test here" >&2; exit 1 ;;
                      *) exit 1 ;;
                    esac ;;
                  *) exit 1 ;;
                esac
                """);
        return bin;
    }

    private static void script(Path file, String text) throws IOException {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
