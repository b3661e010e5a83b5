package org.dataright.peer.gateway;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.security.MessageDigest;
import org.dataright.fabric.block.BlockHashes;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Header;
import org.hyperledger.fabric.protos.common.SignatureHeader;
import org.hyperledger.fabric.protos.peer.ChaincodeHeaderExtension;
import org.hyperledger.fabric.protos.peer.ChaincodeInput;
import org.hyperledger.fabric.protos.peer.ChaincodeInvocationSpec;
import org.hyperledger.fabric.protos.peer.ChaincodeProposalPayload;
import org.hyperledger.fabric.protos.peer.Proposal;
import org.hyperledger.fabric.protos.peer.SignedProposal;

/**
 * A signed proposal taken apart as Fabric's endorser does ({@code core/endorser/msgvalidation.go}
 * {@code UnpackProposal}), with the proposal hash of {@code GetProposalHash1}: SHA-256 over the
 * channel header, the signature header and the proposal payload without its transient map.
 */
record UnpackedProposal(SignedProposal signedProposal, Proposal proposal, Header header, ChannelHeader channelHeader,
        SignatureHeader signatureHeader, ChaincodeProposalPayload payload, String chaincodeName, ChaincodeInput input,
        byte[] proposalHash) {

    String channelId() {
        return channelHeader.getChannelId();
    }

    String txId() {
        return channelHeader.getTxId();
    }

    /** The chaincode proposal payload as it goes into the transaction: without the transient map. */
    ByteString payloadWithoutTransient() {
        return ChaincodeProposalPayload.newBuilder().setInput(payload.getInput()).build().toByteString();
    }

    /** @throws IllegalArgumentException with Fabric's message when a part is missing or does not parse */
    static UnpackedProposal unpack(SignedProposal signed) {
        try {
            Proposal proposal = Proposal.parseFrom(signed.getProposalBytes());
            Header header = Header.parseFrom(proposal.getHeader());
            ChannelHeader channelHeader = ChannelHeader.parseFrom(header.getChannelHeader());
            SignatureHeader signatureHeader = SignatureHeader.parseFrom(header.getSignatureHeader());
            ChaincodeHeaderExtension extension = ChaincodeHeaderExtension.parseFrom(channelHeader.getExtension());
            if (!extension.hasChaincodeId()) {
                throw new IllegalArgumentException("ChaincodeHeaderExtension.ChaincodeId is nil");
            }
            if (extension.getChaincodeId().getName().isEmpty()) {
                throw new IllegalArgumentException("ChaincodeHeaderExtension.ChaincodeId.Name is empty");
            }
            ChaincodeProposalPayload payload = ChaincodeProposalPayload.parseFrom(proposal.getPayload());
            ChaincodeInvocationSpec spec = ChaincodeInvocationSpec.parseFrom(payload.getInput());
            if (!spec.hasChaincodeSpec()) {
                throw new IllegalArgumentException("chaincode invocation spec did not contain chaincode spec");
            }
            if (!spec.getChaincodeSpec().hasInput()) {
                throw new IllegalArgumentException("chaincode input did not contain any input");
            }
            MessageDigest digest = BlockHashes.newSha256();
            digest.update(header.getChannelHeader().asReadOnlyByteBuffer());
            digest.update(header.getSignatureHeader().asReadOnlyByteBuffer());
            digest.update(ChaincodeProposalPayload.newBuilder().setInput(payload.getInput()).build().toByteArray());
            return new UnpackedProposal(signed, proposal, header, channelHeader, signatureHeader, payload,
                    extension.getChaincodeId().getName(), spec.getChaincodeSpec().getInput(), digest.digest());
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("error unmarshalling the proposal: " + e.getMessage(), e);
        }
    }
}
