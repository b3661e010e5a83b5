package org.dataright.peer.ledger;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import org.dataright.fabric.block.BlockHashes;
import org.dataright.fabric.crypto.LowSEcdsa;
import org.dataright.fabric.msp.ChannelMembership;
import org.dataright.fabric.msp.IdentityException;
import org.dataright.fabric.msp.SigningIdentity;
import org.dataright.fabric.msp.ValidIdentity;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockData;
import org.hyperledger.fabric.protos.common.BlockHeader;
import org.hyperledger.fabric.protos.common.BlockMetadata;
import org.hyperledger.fabric.protos.common.BlockMetadataIndex;
import org.hyperledger.fabric.protos.common.LastConfig;
import org.hyperledger.fabric.protos.common.Metadata;
import org.hyperledger.fabric.protos.common.MetadataSignature;
import org.hyperledger.fabric.protos.common.OrdererBlockMetadata;
import org.hyperledger.fabric.protos.common.SignatureHeader;

/**
 * Blocks as Fabric's orderer makes them ({@code orderer/common/multichannel/blockwriter.go}) and the
 * checks on them. The header chains by {@code previous_hash} = header hash of the previous block and
 * commits to the data by {@code data_hash}; the orderer signs
 * {@code OrdererBlockMetadata ‖ SignatureHeader ‖ header bytes} into the SIGNATURES metadata; the
 * LAST_CONFIG slot names the config block; the committing peer writes the TRANSACTIONS_FILTER, one
 * validation code byte per transaction, which nobody signs.
 */
final class Blocks {
    /** Fabric's {@code NewBlock} makes one metadata slot per {@code BlockMetadataIndex}. */
    static final int METADATA_SLOTS = 5;
    /**
     * {@code BlockMetadataIndex.LAST_CONFIG}; deprecated in the protos (readers should use the
     * SIGNATURES value) but still written by Fabric 2.5's orderer, so clients reading it find it.
     */
    static final int LAST_CONFIG_SLOT = 1;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Blocks() {
    }

    /** Cuts a block of {@code data} after a block whose header hash is {@code previousHash}, signed by {@code orderer}. */
    static Block assemble(long number, ByteString previousHash, List<ByteString> data, SigningIdentity orderer, long lastConfig) {
        BlockData blockData = BlockData.newBuilder().addAllData(data).build();
        BlockHeader header = BlockHeader.newBuilder()
                .setNumber(number)
                .setPreviousHash(previousHash)
                .setDataHash(ByteString.copyFrom(BlockHashes.dataHash(blockData)))
                .build();
        ByteString value = OrdererBlockMetadata.newBuilder()
                .setLastConfig(LastConfig.newBuilder().setIndex(lastConfig))
                .setConsenterMetadata(Metadata.getDefaultInstance().toByteString())
                .build().toByteString();
        byte[] nonce = new byte[24];
        RANDOM.nextBytes(nonce);
        ByteString signatureHeader = SignatureHeader.newBuilder()
                .setCreator(orderer.serialized())
                .setNonce(ByteString.copyFrom(nonce))
                .build().toByteString();
        byte[] signature = orderer.sign(signedBytes(value, signatureHeader, header));
        Metadata signatures = Metadata.newBuilder()
                .setValue(value)
                .addSignatures(MetadataSignature.newBuilder()
                        .setSignatureHeader(signatureHeader)
                        .setSignature(ByteString.copyFrom(signature)))
                .build();
        BlockMetadata.Builder metadata = BlockMetadata.newBuilder();
        for (int i = 0; i < METADATA_SLOTS; i++) {
            metadata.addMetadata(ByteString.EMPTY);
        }
        metadata.setMetadata(BlockMetadataIndex.SIGNATURES_VALUE, signatures.toByteString());
        metadata.setMetadata(LAST_CONFIG_SLOT,
                Metadata.newBuilder().setValue(LastConfig.newBuilder().setIndex(lastConfig).build().toByteString())
                        .build().toByteString());
        return Block.newBuilder().setHeader(header).setData(blockData).setMetadata(metadata).build();
    }

    /** The bytes an orderer signs for a block. */
    private static byte[] signedBytes(ByteString value, ByteString signatureHeader, BlockHeader header) {
        return value.concat(signatureHeader).concat(ByteString.copyFrom(BlockHashes.headerBytes(header))).toByteArray();
    }

    static Block withFilter(Block block, List<TxRecord> transactions) {
        byte[] filter = new byte[transactions.size()];
        for (TxRecord tx : transactions) {
            filter[tx.index()] = (byte) tx.code().getNumber();
        }
        return block.toBuilder()
                .setMetadata(block.getMetadata().toBuilder()
                        .setMetadata(BlockMetadataIndex.TRANSACTIONS_FILTER_VALUE, ByteString.copyFrom(filter)))
                .build();
    }

    /** The TRANSACTIONS_FILTER bytes, checked to hold one code per transaction. */
    static byte[] filter(Block block) {
        if (block.getMetadata().getMetadataCount() <= BlockMetadataIndex.TRANSACTIONS_FILTER_VALUE) {
            throw new IllegalArgumentException("has no TRANSACTIONS_FILTER metadata");
        }
        byte[] filter = block.getMetadata().getMetadata(BlockMetadataIndex.TRANSACTIONS_FILTER_VALUE).toByteArray();
        if (filter.length != block.getData().getDataCount()) {
            throw new IllegalArgumentException("TRANSACTIONS_FILTER has " + filter.length + " codes for "
                    + block.getData().getDataCount() + " transactions");
        }
        return filter;
    }

    /**
     * Checks the orderer signatures of a block: at least one, each by a valid identity of an orderer
     * organisation, each verifying. Returns null when good, else what is wrong.
     */
    static String checkSignatures(Block block, ChannelMembership membership) {
        if (block.getMetadata().getMetadataCount() <= BlockMetadataIndex.SIGNATURES_VALUE) {
            return "no SIGNATURES metadata";
        }
        Metadata metadata;
        try {
            metadata = Metadata.parseFrom(block.getMetadata().getMetadata(BlockMetadataIndex.SIGNATURES_VALUE));
            OrdererBlockMetadata.parseFrom(metadata.getValue());
        } catch (InvalidProtocolBufferException e) {
            return "SIGNATURES metadata is malformed: " + e.getMessage();
        }
        if (metadata.getSignaturesCount() == 0) {
            return "block is not signed by an orderer";
        }
        for (MetadataSignature s : metadata.getSignaturesList()) {
            SignatureHeader header;
            try {
                header = SignatureHeader.parseFrom(s.getSignatureHeader());
            } catch (InvalidProtocolBufferException e) {
                return "block signature header is malformed: " + e.getMessage();
            }
            byte[] signed = signedBytes(metadata.getValue(), s.getSignatureHeader(), block.getHeader());
            try {
                // Blocks carry no trusted time, so the chain is checked but not the validity period.
                ValidIdentity signer = membership.validate(header.getCreator(), null);
                if (!membership.isOrdererOrg(signer.mspId())) {
                    return "block is signed by " + signer.mspId() + ", which is not an orderer organisation";
                }
                if (!LowSEcdsa.verify(signer.identity().certificate().getPublicKey(), signed, s.getSignature().toByteArray())) {
                    return "orderer signature does not verify";
                }
            } catch (IdentityException e) {
                return "block signer is not valid: " + e.getMessage();
            }
        }
        return null;
    }

    /** The block at {@code entry}, checked against the index entry (number, header hash) and its own data hash. */
    static Block readIndexed(BlockStore store, long number, IndexStore.BlockEntry entry) {
        byte[] bytes;
        try {
            bytes = store.read(entry.location());
        } catch (BlockStore.BadRecordException e) {
            throw new LedgerCorruptionException(number, e.getMessage(), e);
        }
        try {
            Block block = Block.parseFrom(bytes);
            if (block.getHeader().getNumber() != number
                    || !Arrays.equals(BlockHashes.headerHash(block.getHeader()), entry.headerHash())) {
                throw new LedgerCorruptionException(number, "the stored block does not match the block index");
            }
            if (!Arrays.equals(block.getHeader().getDataHash().toByteArray(), BlockHashes.dataHash(block.getData()))) {
                throw new LedgerCorruptionException(number, "data_hash does not match the block's data");
            }
            return block;
        } catch (InvalidProtocolBufferException e) {
            throw new LedgerCorruptionException(number, "stored record is not a block: " + e.getMessage(), e);
        }
    }
}
