package org.dataright.peer.gateway;

import com.google.protobuf.ByteString;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;
import org.dataright.fabric.block.TxIds;
import org.dataright.fabric.msp.ChannelMembership;
import org.dataright.fabric.msp.FabricIdentity;
import org.dataright.fabric.msp.IdentityException;
import org.dataright.fabric.msp.SigningIdentity;
import org.dataright.fabric.msp.ValidIdentity;
import org.dataright.peer.chaincode.ChaincodeException;
import org.dataright.peer.chaincode.ChaincodeSupport;
import org.dataright.peer.chaincode.ExecutionResult;
import org.dataright.peer.chaincode.Simulation;
import org.dataright.peer.ledger.Ledger;
import org.hyperledger.fabric.protos.common.HeaderType;
import org.hyperledger.fabric.protos.common.MSPRole.MSPRoleType;
import org.hyperledger.fabric.protos.ledger.rwset.TxReadWriteSet;
import org.hyperledger.fabric.protos.peer.ChaincodeAction;
import org.hyperledger.fabric.protos.peer.ChaincodeID;
import org.hyperledger.fabric.protos.peer.Endorsement;
import org.hyperledger.fabric.protos.peer.ProposalResponse;
import org.hyperledger.fabric.protos.peer.ProposalResponsePayload;
import org.hyperledger.fabric.protos.peer.Response;
import org.hyperledger.fabric.protos.peer.SignedProposal;

/**
 * The endorser of a Fabric peer ({@code core/endorser/endorser.go}): checks a signed proposal, runs
 * the chaincode on a simulation, and answers with a proposal response signed by the peer.
 *
 * <p>Checks, in Fabric's order and words: header type, epoch, nonce and creator present, the tx id
 * computed from nonce and creator, the creator's certificate against the channel's CA roots and
 * its signature over the proposal, then a tx id not already on the ledger. Then one check Fabric's
 * endorser does not make: the proposal's timestamp within the peer's {@link TimeWindow}, because the
 * chaincode takes "now" from it (a Fabric endorser may refuse to endorse for reasons of its own). A
 * chaincode status of 400 or more gets no endorsement (500 and above keep the payload, as Fabric's do).
 */
public final class Endorser {
    private static final int MAX_EXECUTE_ATTEMPTS = 2;
    /** shim.ERRORTHRESHOLD and shim.ERROR. */
    private static final int ERROR_THRESHOLD = 400;
    private static final int ERROR = 500;

    /**
     * Fabric's {@code (ProposalResponse, error)} pair: {@code error} is set when the proposal was
     * refused before the chaincode ran; the response then carries status 500 and the same message.
     */
    public record Outcome(ProposalResponse response, String error) {
        static Outcome refused(String message) {
            return new Outcome(failure(message), message);
        }

        static Outcome failed(String message) {
            return new Outcome(failure(message), null);
        }

        private static ProposalResponse failure(String message) {
            return ProposalResponse.newBuilder()
                    .setResponse(Response.newBuilder().setStatus(ERROR).setMessage(message)).build();
        }
    }

    private final Ledger ledger;
    private final SigningIdentity peer;
    private final Map<String, ChaincodeSupport> chaincodes;
    private final SystemChaincodes systemChaincodes;
    private final Clock clock;
    private final TimeWindow proposalTime;

    /** @param proposalTime how far a proposal's timestamp may be from the peer's clock (whose clock is also used for identities) */
    public Endorser(Ledger ledger, SigningIdentity peer, Map<String, ChaincodeSupport> chaincodes, TimeWindow proposalTime) {
        this.ledger = ledger;
        this.peer = peer;
        this.chaincodes = Map.copyOf(chaincodes);
        this.systemChaincodes = new SystemChaincodes(ledger, peer.mspId(), chaincodes);
        this.clock = proposalTime.clock();
        this.proposalTime = proposalTime;
    }

    public Outcome process(SignedProposal signed) {
        UnpackedProposal up;
        try {
            up = UnpackedProposal.unpack(signed);
        } catch (IllegalArgumentException e) {
            return Outcome.refused(e.getMessage());
        }
        return process(up);
    }

    Outcome process(UnpackedProposal up) {
        // A proposal on no channel is for a system chaincode; it is checked against this peer's organisation.
        boolean channelless = up.channelId().isEmpty();
        if (!channelless && !up.channelId().equals(ledger.channelId())) {
            return Outcome.failed("channel '" + up.channelId() + "' not found");
        }
        String refusal = validate(up);
        if (refusal != null) {
            return Outcome.refused(refusal);
        }
        ValidIdentity creator;
        try {
            creator = checkCreator(up);
        } catch (Refused e) {
            return Outcome.refused(e.getMessage());
        }
        if (!channelless && ledger.getTxStatus(up.txId()).isPresent()) {
            return Outcome.refused("duplicate transaction found [" + up.txId() + "]. Creator ["
                    + HexFormat.of().formatHex(up.signatureHeader().getCreator().toByteArray()) + "]");
        }
        String untimely = proposalTime.refusal(up.channelHeader(), "the proposal");
        if (untimely != null) {
            return Outcome.refused("error validating proposal: " + untimely);
        }
        if (SystemChaincodes.isSystemChaincode(up.chaincodeName())) {
            // Fabric runs qscc and cscc without a simulator, and answers a proposal on no channel unendorsed.
            Response response = systemChaincodes.invoke(up, creator);
            if (channelless) {
                return new Outcome(ProposalResponse.newBuilder().setResponse(response).build(), null);
            }
            return respond(up, response, TxReadWriteSet.getDefaultInstance(), ByteString.EMPTY, SystemChaincodes.VERSION);
        }
        ChaincodeSupport chaincode = chaincodes.get(up.chaincodeName());
        if (chaincode == null || channelless) {
            return Outcome.failed("make sure the chaincode " + up.chaincodeName() + " has been successfully defined on channel "
                    + up.channelId() + " and try again: chaincode " + up.chaincodeName() + " is not served by this peer"
                    + (channelless ? " on no channel" : "") + " (it serves " + chaincodes.keySet() + " on channel "
                    + ledger.channelId() + ")");
        }
        for (int attempt = 1; ; attempt++) {
            try (Simulation simulation = new Simulation(up.txId(), up.chaincodeName(), ledger)) {
                ExecutionResult result = chaincode.execute(up.channelId(), up.txId(), up.signedProposal(), up.input(),
                        simulation);
                ByteString event = result.event().map(e -> e.toByteString()).orElse(ByteString.EMPTY);
                return respond(up, result.response(), simulation.readWriteSet(), event, chaincode.address().version());
            } catch (ChaincodeException e) {
                // A chaincode that closed its stream (the Java shim does after some errors) gets one new
                // stream: simulating again is harmless, as nothing of a simulation reaches the ledger.
                if (!e.streamEnded() || attempt == MAX_EXECUTE_ATTEMPTS) {
                    return Outcome.failed("error in simulation: " + e.getMessage());
                }
            }
        }
    }

    /** Fabric's {@code UnpackedProposal.Validate} up to the creator: header type, epoch, nonce, creator, tx id, signature present. */
    private static String validate(UnpackedProposal up) {
        HeaderType type = HeaderType.forNumber(up.channelHeader().getType());
        // Fabric's endorser takes CONFIG as well (the peer CLI sends it to ask cscc for orderer endpoints).
        if (type != HeaderType.ENDORSER_TRANSACTION && type != HeaderType.CONFIG) {
            return "error validating proposal: invalid header type " + (type == null ? up.channelHeader().getType() : type);
        }
        if (up.channelHeader().getEpoch() != 0) {
            return "error validating proposal: epoch is non-zero";
        }
        if (up.signatureHeader().getNonce().isEmpty()) {
            return "error validating proposal: nonce is empty";
        }
        ByteString creator = up.signatureHeader().getCreator();
        if (creator.isEmpty()) {
            return "error validating proposal: creator is empty";
        }
        String expected = TxIds.compute(up.signatureHeader().getNonce(), creator);
        if (!up.txId().equals(expected)) {
            return "error validating proposal: incorrectly computed txid '" + up.txId() + "' -- expected '" + expected + "'";
        }
        if (up.signedProposal().getSignature().isEmpty()) {
            return "error validating proposal: empty signature bytes";
        }
        return null;
    }

    /** A proposal refused with Fabric's "access denied" text. */
    private static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }

    /**
     * The creator, when it is a channel member (for a proposal on no channel: a member of this peer's
     * organisation, Fabric's local MSP) whose signature over the proposal verifies; else Fabric's "access
     * denied" text and why.
     */
    private ValidIdentity checkCreator(UnpackedProposal up) throws Refused {
        String channelId = up.channelId();
        ByteString creator = up.signatureHeader().getCreator();
        ChannelMembership membership = ledger.channelConfig().membership();
        ValidIdentity identity;
        try {
            // The membership caches checked identities: a known creator costs one signature check here.
            identity = membership.verify(creator, up.signedProposal().getProposalBytes().toByteArray(),
                    up.signedProposal().getSignature().toByteArray(), clock.instant());
        } catch (IdentityException e) {
            throw new Refused(denied(channelId, membership, creator, e));
        }
        if (channelId.isEmpty() && !identity.mspId().equals(peer.mspId())) {
            throw new Refused("error validating proposal: access denied: channel [] creator org unknown, creator is malformed"
                    + " (a proposal on no channel is for members of this peer's organisation " + peer.mspId() + ", not "
                    + identity.mspId() + ")");
        }
        if (identity.role() == MSPRoleType.ORDERER) {
            throw new Refused("error validating proposal: access denied: channel [" + channelId + "] creator org ["
                    + identity.mspId() + "]: orderer identities cannot propose transactions");
        }
        return identity;
    }

    /** Fabric's wording of a refused creator: an unknown or unreadable one is named as such, else why it failed. */
    private static String denied(String channelId, ChannelMembership membership, ByteString creator, IdentityException why) {
        String mspId;
        try {
            mspId = FabricIdentity.parse(creator).mspId();
        } catch (IllegalArgumentException e) {
            mspId = null;
        }
        if (mspId == null || membership.organization(mspId).isEmpty()) {
            return "error validating proposal: access denied: channel [" + channelId + "] creator org unknown, creator is malformed";
        }
        return "error validating proposal: access denied: channel [" + channelId + "] creator org [" + mspId + "]: "
                + why.getMessage();
    }

    private Outcome respond(UnpackedProposal up, Response response, TxReadWriteSet rwSet, ByteString event, String version) {
        ChaincodeAction action = ChaincodeAction.newBuilder()
                .setResults(rwSet.toByteString())
                .setEvents(event)
                .setResponse(response)
                .setChaincodeId(ChaincodeID.newBuilder().setName(up.chaincodeName()).setVersion(version))
                .build();
        ByteString payload = ProposalResponsePayload.newBuilder()
                .setProposalHash(ByteString.copyFrom(up.proposalHash()))
                .setExtension(action.toByteString())
                .build().toByteString();
        if (response.getStatus() >= ERROR) {
            return new Outcome(ProposalResponse.newBuilder().setResponse(response).setPayload(payload).build(), null);
        }
        if (response.getStatus() >= ERROR_THRESHOLD) {
            return new Outcome(ProposalResponse.newBuilder().setResponse(response).build(), null);
        }
        // The default ESCC: the peer signs the payload followed by its serialized identity.
        ByteString endorser = peer.serialized();
        ByteString signed = payload.concat(endorser);
        ByteString signature = ByteString.copyFrom(peer.sign(signed.toByteArray()));
        // Validation then need not verify what this peer just signed, if the block carries exactly these bytes.
        ledger.verifiedSignatures().signed(endorser, signed, signature);
        Endorsement endorsement = Endorsement.newBuilder().setEndorser(endorser).setSignature(signature).build();
        return new Outcome(ProposalResponse.newBuilder()
                .setVersion(1).setResponse(response).setPayload(payload).setEndorsement(endorsement).build(), null);
    }
}
