package org.dataright.service.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HexFormat;
import java.util.List;
import org.dataright.service.certificate.TrustBundles;
import org.dataright.service.config.RegistryProperties;
import org.hyperledger.fabric.protos.common.BlockchainInfo;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/network}: what a client needs to connect and to verify (the trust bundle); {@code GET /api/ledger}: the chain's height and head. */
@RestController
@RequestMapping(path = "/api", produces = MediaType.APPLICATION_JSON_VALUE)
class NetworkController {
    private final Ledgers ledgers;
    private final Qscc qscc;
    private final RegistryProperties properties;
    private final TrustBundles trustBundles;
    private final ObjectMapper json;

    record Network(String mode, String channel, String chaincode, String gatewayEndpoint, String mspId,
            String tlsRootCertificate, List<String> caRootCertificates, JsonNode trustBundle) {
    }

    record ChainInfo(long height, String currentBlockHash, String previousBlockHash) {
    }

    NetworkController(Ledgers ledgers, Qscc qscc, RegistryProperties properties, TrustBundles trustBundles,
            ObjectMapper json) {
        this.ledgers = ledgers;
        this.qscc = qscc;
        this.properties = properties;
        this.trustBundles = trustBundles;
        this.json = json;
    }

    @GetMapping("/network")
    Network network() throws JsonProcessingException {
        GatewayTarget target = ledgers.connection().target();
        return new Network(properties.mode().name().toLowerCase(java.util.Locale.ROOT), properties.channel(),
                properties.chaincodeName(), target.endpoint(), target.mspId(), target.tlsRootCertificate(),
                target.caRootCertificates(), json.readTree(trustBundles.current().toJson()));
    }

    @GetMapping("/ledger")
    ChainInfo ledger() {
        BlockchainInfo info = qscc.chainInfo();
        HexFormat hex = HexFormat.of();
        return new ChainInfo(info.getHeight(), hex.formatHex(info.getCurrentBlockHash().toByteArray()),
                hex.formatHex(info.getPreviousBlockHash().toByteArray()));
    }
}
