package org.dataright.peer.gateway;

import com.google.protobuf.InvalidProtocolBufferException;
import java.time.Instant;
import org.dataright.fabric.msp.ChannelMembership;
import org.dataright.fabric.msp.IdentityException;
import org.dataright.fabric.msp.ValidIdentity;
import org.dataright.peer.ledger.VerifiedSignatures;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.common.SignatureHeader;

/** An envelope taken apart (payload, channel header, signature header), for the orderer's and Deliver's checks. */
record SignedEnvelope(Envelope envelope, Payload payload, ChannelHeader channelHeader, SignatureHeader signatureHeader) {

    /** @throws IllegalArgumentException naming the part that is missing or does not parse */
    static SignedEnvelope parse(Envelope envelope) {
        try {
            Payload payload = Payload.parseFrom(envelope.getPayload());
            if (!payload.hasHeader()) {
                throw new IllegalArgumentException("envelope has no header");
            }
            ChannelHeader channelHeader = ChannelHeader.parseFrom(payload.getHeader().getChannelHeader());
            SignatureHeader signatureHeader = SignatureHeader.parseFrom(payload.getHeader().getSignatureHeader());
            return new SignedEnvelope(envelope, payload, channelHeader, signatureHeader);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("envelope does not parse: " + e.getMessage(), e);
        }
    }

    /**
     * The creator, when it is a member of the channel and signed the payload; the signature is remembered in
     * {@code signatures}, so that validating the same envelope in its block does not verify it again.
     */
    ValidIdentity verifyCreator(ChannelMembership membership, VerifiedSignatures signatures, Instant at)
            throws IdentityException {
        if (signatureHeader.getCreator().isEmpty()) {
            throw new IdentityException("the envelope's signature header has no creator");
        }
        return signatures.verify(membership, signatureHeader.getCreator(), envelope.getPayload(), envelope.getSignature(), at);
    }
}
