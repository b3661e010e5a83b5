package org.dataright.peer.gateway;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.List;
import java.util.Map;
import org.dataright.fabric.msp.ChannelMembership;
import org.dataright.fabric.msp.Organization;
import org.dataright.peer.chaincode.ChaincodeException;
import org.dataright.peer.chaincode.ChaincodeSupport;
import org.dataright.peer.ledger.Ledger;
import org.hyperledger.fabric.protos.peer.ApplicationPolicy;
import org.hyperledger.fabric.protos.peer.Response;
import org.hyperledger.fabric.protos.peer.lifecycle.QueryChaincodeDefinitionArgs;
import org.hyperledger.fabric.protos.peer.lifecycle.QueryChaincodeDefinitionResult;
import org.hyperledger.fabric.protos.peer.lifecycle.QueryChaincodeDefinitionsArgs;
import org.hyperledger.fabric.protos.peer.lifecycle.QueryChaincodeDefinitionsResult;
import org.hyperledger.fabric.protos.peer.lifecycle.QueryInstalledChaincodesArgs;
import org.hyperledger.fabric.protos.peer.lifecycle.QueryInstalledChaincodesResult;

/**
 * The queries of Fabric's {@code _lifecycle} system chaincode ({@code core/chaincode/lifecycle/scc.go}),
 * answered for the chaincodes this peer serves: each is defined by the peer's configuration, so it is
 * described as the first definition Fabric would commit for it — sequence 1, its version, the default
 * endorsement and validation plugins ({@code escc}, {@code vscc}), the channel's
 * {@code /Channel/Application/Endorsement} policy (the one every namespace is validated against here), no
 * collections, no init required; approved by the peer's organisation, whose configuration defines it.
 * The install, approve and commit functions are refused, saying why.
 */
final class Lifecycle {
    static final String NAME = "_lifecycle";
    static final String QUERY_INSTALLED = "QueryInstalledChaincodes";
    static final String ENDORSEMENT_PLUGIN = "escc";
    static final String VALIDATION_PLUGIN = "vscc";
    static final String ENDORSEMENT_POLICY_REFERENCE = "/Channel/Application/Endorsement";
    static final long SEQUENCE = 1;

    private final Ledger ledger;
    private final String localMspId;
    private final Map<String, ChaincodeSupport> chaincodes;

    Lifecycle(Ledger ledger, String localMspId, Map<String, ChaincodeSupport> chaincodes) {
        this.ledger = ledger;
        this.localMspId = localMspId;
        this.chaincodes = Map.copyOf(chaincodes);
    }

    /** @param channelId the proposal's channel: empty for the peer-wide {@code QueryInstalledChaincodes} */
    Response invoke(String channelId, List<ByteString> args) {
        if (args.size() != 2) {
            return Responses.error("lifecycle scc operations require exactly two arguments but received " + args.size());
        }
        String function = args.get(0).toStringUtf8();
        try {
            switch (function) {
                case "QueryChaincodeDefinition": {
                    String name = QueryChaincodeDefinitionArgs.parseFrom(args.get(1)).getName();
                    return onChannel(channelId, function, () -> definition(name));
                }
                case "QueryChaincodeDefinitions":
                    QueryChaincodeDefinitionsArgs.parseFrom(args.get(1));
                    return onChannel(channelId, function, this::definitions);
                case QUERY_INSTALLED:
                    QueryInstalledChaincodesArgs.parseFrom(args.get(1));
                    return installed();
                case "InstallChaincode":
                case "ApproveChaincodeDefinitionForMyOrg":
                case "CommitChaincodeDefinition":
                case "CheckCommitReadiness":
                    return Responses.error("failed to invoke backing implementation of '" + function + "': " + function
                            + " is not supported by the embedded peer: its chaincodes are defined by its configuration"
                            + " (a chaincode jar it launches or a chaincode server it dials), not through _lifecycle transactions");
                default:
                    return Responses.error("failed to invoke backing implementation of '" + function + "': receiver "
                            + "*lifecycle.Invocation.(" + function + ") does not exist");
            }
        } catch (InvalidProtocolBufferException e) {
            return Responses.error("failed to invoke backing implementation of '" + function + "': could not decode input arg: "
                    + e.getMessage());
        }
    }

    private interface Query {
        Response run();
    }

    private Response onChannel(String channelId, String function, Query query) {
        if (channelId.isEmpty()) {
            return Responses.error("failed to invoke backing implementation of '" + function + "': no channel specified");
        }
        return query.run();
    }

    private Response definition(String name) {
        ChaincodeSupport chaincode = chaincodes.get(name);
        if (chaincode == null) {
            return Responses.error(Responses.NOT_FOUND, "namespace " + name + " is not defined");
        }
        QueryChaincodeDefinitionResult.Builder result = QueryChaincodeDefinitionResult.newBuilder()
                .setSequence(SEQUENCE)
                .setVersion(chaincode.address().version())
                .setEndorsementPlugin(ENDORSEMENT_PLUGIN)
                .setValidationPlugin(VALIDATION_PLUGIN)
                .setValidationParameter(validationParameter())
                .setInitRequired(false);
        ChannelMembership membership = ledger.channelConfig().membership();
        for (Organization org : membership.organizations()) {
            if (!membership.isOrdererOrg(org.mspId())) {
                result.putApprovals(org.mspId(), org.mspId().equals(localMspId));
            }
        }
        return Responses.success(result.build());
    }

    private Response definitions() {
        QueryChaincodeDefinitionsResult.Builder result = QueryChaincodeDefinitionsResult.newBuilder();
        chaincodes.keySet().stream().sorted().forEach(name -> result.addChaincodeDefinitions(
                QueryChaincodeDefinitionsResult.ChaincodeDefinition.newBuilder()
                        .setName(name)
                        .setSequence(SEQUENCE)
                        .setVersion(chaincodes.get(name).address().version())
                        .setEndorsementPlugin(ENDORSEMENT_PLUGIN)
                        .setValidationPlugin(VALIDATION_PLUGIN)
                        .setValidationParameter(validationParameter())
                        .setInitRequired(false)));
        return Responses.success(result.build());
    }

    private Response installed() {
        QueryInstalledChaincodesResult.Builder result = QueryInstalledChaincodesResult.newBuilder();
        for (String name : chaincodes.keySet().stream().sorted().toList()) {
            ChaincodeSupport chaincode = chaincodes.get(name);
            String packageId;
            try {
                packageId = chaincode.packageId();
            } catch (ChaincodeException e) {
                return Responses.error("failed to invoke backing implementation of '" + QUERY_INSTALLED + "': chaincode " + name
                        + " at " + chaincode.address().target() + " cannot be reached to learn its package id: " + e.getMessage());
            }
            result.addInstalledChaincodes(QueryInstalledChaincodesResult.InstalledChaincode.newBuilder()
                    .setPackageId(packageId)
                    .setLabel(name)
                    .putReferences(ledger.channelId(), QueryInstalledChaincodesResult.References.newBuilder()
                            .addChaincodes(QueryInstalledChaincodesResult.Chaincode.newBuilder()
                                    .setName(name).setVersion(chaincode.address().version()))
                            .build()));
        }
        return Responses.success(result.build());
    }

    /** What Fabric's lifecycle stores when a definition names no policy: a reference to the channel's Endorsement policy. */
    static ByteString validationParameter() {
        return ApplicationPolicy.newBuilder().setChannelConfigPolicyReference(ENDORSEMENT_POLICY_REFERENCE).build().toByteString();
    }
}
