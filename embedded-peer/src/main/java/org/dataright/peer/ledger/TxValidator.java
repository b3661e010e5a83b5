package org.dataright.peer.ledger;

import com.google.protobuf.ByteString;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.dataright.fabric.block.TxIds;
import org.dataright.fabric.config.ChannelConfig;
import org.dataright.fabric.msp.ChannelMembership;
import org.dataright.fabric.msp.IdentityException;
import org.dataright.fabric.msp.ValidIdentity;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.KVRead;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.RangeQueryInfo;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.Version;
import org.hyperledger.fabric.protos.peer.Endorsement;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validates the transactions of a block as a Fabric peer does, giving each a {@code TxValidationCode}:
 *
 * <ol>
 *   <li>envelope and common header well-formed (NIL_ENVELOPE, BAD_PAYLOAD, BAD_COMMON_HEADER);</li>
 *   <li>channel is this one (TARGET_CHAIN_NOT_FOUND);</li>
 *   <li>creator's certificate chains to its organisation and the envelope signature verifies (BAD_CREATOR_SIGNATURE);</li>
 *   <li>tx id = hex(SHA-256(nonce ‖ creator)) (BAD_PROPOSAL_TXID);</li>
 *   <li>transaction body and read-write set well-formed (INVALID_ENDORSER_TRANSACTION, BAD_RWSET, …);</li>
 *   <li>tx id not already in the ledger (DUPLICATE_TXID);</li>
 *   <li>endorsements by valid identities over {@code response payload ‖ endorser} satisfy the
 *       endorsement policy (ENDORSEMENT_POLICY_FAILURE);</li>
 *   <li>a later transaction of the block with a tx id already seen in it is DUPLICATE_TXID;</li>
 *   <li>in block order, reads must see the committed version and no write by an earlier valid
 *       transaction of the block (MVCC_READ_CONFLICT), and range queries, re-run over committed state
 *       plus those writes, must return exactly the keys and versions read (PHANTOM_READ_CONFLICT).</li>
 * </ol>
 * Steps 1–7 are per transaction; 8–9 depend on block order. Reads and the MVCC check use committed
 * state only, so the validator must run under the ledger's commit lock. A signature this process
 * already verified or made, byte for byte ({@link VerifiedSignatures}), is not verified again; its
 * signer's identity still is.
 */
final class TxValidator {
    private static final Logger LOG = LoggerFactory.getLogger(TxValidator.class);

    private final ChannelConfig config;
    private final IndexStore index;
    private final ExecutorService pool;
    private final VerifiedSignatures signatures;

    TxValidator(ChannelConfig config, IndexStore index, ExecutorService pool, VerifiedSignatures signatures) {
        this.config = config;
        this.index = index;
        this.pool = pool;
        this.signatures = signatures;
    }

    List<TxRecord> validate(long blockNumber, List<ByteString> data, Instant at) {
        List<ParsedTx> parsed = new ArrayList<>(data.size());
        TxValidationCode[] codes = new TxValidationCode[data.size()];
        boolean[] txIdChecked = new boolean[data.size()];
        for (int i = 0; i < data.size(); i++) {
            parsed.add(ParsedTx.parse(i, data.get(i)));
        }
        // Steps 1–7 touch only their own transaction (and committed state, which does not change
        // during validation), so they run in parallel, as Fabric's validator does; the result is the
        // same whatever the order.
        runAll(parsed, tx -> codes[tx.index] = checkAlone(tx, at, txIdChecked));
        markDuplicatesInBlock(parsed, codes, txIdChecked);
        PendingWrites pending = new PendingWrites();
        for (ParsedTx tx : parsed) {
            if (codes[tx.index] == TxValidationCode.VALID) {
                codes[tx.index] = checkReads(tx, pending);
                if (codes[tx.index] == TxValidationCode.VALID) {
                    tx.rwSets.forEach(rw -> pending.apply(blockNumber, tx.index, rw));
                }
            }
        }
        List<TxRecord> records = new ArrayList<>(parsed.size());
        for (ParsedTx tx : parsed) {
            TxValidationCode code = codes[tx.index];
            if (code != TxValidationCode.VALID) {
                LOG.debug("block {} tx {} ({}): {}{}", blockNumber, tx.index, tx.txId(), code,
                        tx.problem == null ? "" : " — " + tx.problem);
            }
            records.add(new TxRecord(tx.index, tx.txId(), code, tx.timestamp(), tx.rwSets, tx.event));
        }
        return records;
    }

    private void runAll(List<ParsedTx> txs, java.util.function.Consumer<ParsedTx> check) {
        if (txs.size() == 1) {
            check.accept(txs.get(0));
            return;
        }
        List<Future<?>> futures = new ArrayList<>(txs.size());
        for (ParsedTx tx : txs) {
            futures.add(pool.submit(() -> check.accept(tx)));
        }
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LedgerException("interrupted while validating a block", e);
            } catch (ExecutionException e) {
                throw new LedgerException("validation failed unexpectedly: " + e.getCause(), e.getCause());
            }
        }
    }

    /** Steps 1–7: everything that does not depend on the other transactions of the block. */
    private TxValidationCode checkAlone(ParsedTx tx, Instant at, boolean[] txIdChecked) {
        if (tx.headerFailure != null) {
            return tx.headerFailure;
        }
        if (!config.channelId().equals(tx.channelHeader.getChannelId())) {
            tx.problem = "transaction is for channel '" + tx.channelHeader.getChannelId() + "', not '" + config.channelId() + "'";
            return TxValidationCode.TARGET_CHAIN_NOT_FOUND;
        }
        ChannelMembership membership = config.membership();
        ByteString creator = tx.signatureHeader.getCreator();
        try {
            // Checked once per process: an envelope this peer's orderer took is known by its exact bytes.
            signatures.verify(membership, creator, tx.envelope.getPayload(), tx.envelope.getSignature(), at);
        } catch (IdentityException e) {
            tx.problem = "creator: " + e.getMessage();
            return TxValidationCode.BAD_CREATOR_SIGNATURE;
        }
        String expected = TxIds.compute(tx.signatureHeader.getNonce(), creator);
        if (!expected.equals(tx.channelHeader.getTxId())) {
            tx.problem = "tx id " + tx.channelHeader.getTxId() + " is not hex(SHA-256(nonce ‖ creator)) = " + expected;
            return TxValidationCode.BAD_PROPOSAL_TXID;
        }
        txIdChecked[tx.index] = true;
        if (tx.bodyFailure != null) {
            return tx.bodyFailure;
        }
        if (index.txStatus(tx.txId()).isPresent()) {
            tx.problem = "tx id is already in the ledger";
            return TxValidationCode.DUPLICATE_TXID;
        }
        List<ValidIdentity> endorsers = new ArrayList<>();
        List<String> rejected = new ArrayList<>();
        for (Endorsement e : tx.endorsements) {
            // The endorser signs the response payload followed by its own serialized identity.
            ByteString signed = tx.proposalResponsePayload.concat(e.getEndorser());
            try {
                endorsers.add(signatures.verify(membership, e.getEndorser(), signed, e.getSignature(), at));
            } catch (IdentityException ex) {
                rejected.add(ex.getMessage());
            }
        }
        if (tx.proposalResponsePayload.isEmpty() || !config.endorsementPolicy().isSatisfiedBy(endorsers)) {
            tx.problem = "endorsements do not satisfy " + config.endorsementPolicy() + " (" + endorsers.size()
                    + " valid" + (rejected.isEmpty() ? "" : "; rejected: " + rejected) + ")";
            return TxValidationCode.ENDORSEMENT_POLICY_FAILURE;
        }
        return TxValidationCode.VALID;
    }

    /** Step 8, as Fabric's {@code markTXIdDuplicates}: the first transaction with an id keeps it. */
    private static void markDuplicatesInBlock(List<ParsedTx> parsed, TxValidationCode[] codes, boolean[] txIdChecked) {
        Set<String> seen = new HashSet<>();
        for (ParsedTx tx : parsed) {
            if (!txIdChecked[tx.index]) {
                continue;
            }
            if (!seen.add(tx.txId())) {
                tx.problem = "tx id appears earlier in the same block";
                codes[tx.index] = TxValidationCode.DUPLICATE_TXID;
            }
        }
    }

    /** Step 9 for one transaction, namespace by namespace: point reads, then range queries. */
    private TxValidationCode checkReads(ParsedTx tx, PendingWrites pending) {
        for (NsRwSet rw : tx.rwSets) {
            for (KVRead read : rw.kv().getReadsList()) {
                if (pending.contains(rw.namespace(), read.getKey())) {
                    tx.problem = "key " + rw.namespace() + "/" + read.getKey() + " was written by an earlier transaction of this block";
                    return TxValidationCode.MVCC_READ_CONFLICT;
                }
                Version committed = index.getState(null, rw.namespace(), read.getKey()).map(VersionedValue::version).orElse(null);
                if (!sameVersion(committed, read.hasVersion() ? read.getVersion() : null)) {
                    tx.problem = "key " + rw.namespace() + "/" + read.getKey() + " read at " + describe(read.hasVersion() ? read.getVersion() : null)
                            + " but committed at " + describe(committed);
                    return TxValidationCode.MVCC_READ_CONFLICT;
                }
            }
            for (RangeQueryInfo rq : rw.kv().getRangeQueriesInfoList()) {
                if (!rangeUnchanged(rw.namespace(), rq, pending)) {
                    tx.problem = "range [" + rq.getStartKey() + ", " + rq.getEndKey() + ") of " + rw.namespace() + " changed since it was read";
                    return TxValidationCode.PHANTOM_READ_CONFLICT;
                }
            }
        }
        return TxValidationCode.VALID;
    }

    /**
     * Re-runs a range query over committed state merged with the block's pending writes and compares
     * the result with the keys and versions the transaction read. If the simulation stopped before the
     * iterator was exhausted, its end key is the last key read and is included (as Fabric's
     * {@code validateRangeQuery}).
     */
    private boolean rangeUnchanged(String ns, RangeQueryInfo rq, PendingWrites pending) {
        boolean includeEnd = !rq.getItrExhausted();
        List<KVRead> reads = rq.getRawReads().getKvReadsList();
        NavigableMap<String, PendingWrites.Write> writes = pending.range(ns, rq.getStartKey(), rq.getEndKey(), includeEnd);
        try (StateIterator committed = index.range(null, ns, rq.getStartKey(), rq.getEndKey(), includeEnd)) {
            Iterator<Map.Entry<String, Version>> merged = merge(committed, writes.entrySet().iterator());
            for (KVRead read : reads) {
                if (!merged.hasNext()) {
                    return false;
                }
                Map.Entry<String, Version> e = merged.next();
                if (!e.getKey().equals(read.getKey()) || !sameVersion(e.getValue(), read.hasVersion() ? read.getVersion() : null)) {
                    return false;
                }
            }
            return !merged.hasNext();
        }
    }

    /** Committed entries and pending writes merged in key order; a pending write wins, a pending delete hides the key. */
    private static Iterator<Map.Entry<String, Version>> merge(StateIterator committed,
            Iterator<Map.Entry<String, PendingWrites.Write>> writes) {
        return new Iterator<>() {
            private StateEntry c = committed.hasNext() ? committed.next() : null;
            private Map.Entry<String, PendingWrites.Write> w = writes.hasNext() ? writes.next() : null;
            private Map.Entry<String, Version> next = advance();

            private Map.Entry<String, Version> advance() {
                while (c != null || w != null) {
                    int cmp = c == null ? 1 : w == null ? -1 : Utf8Order.compare(c.key(), w.getKey());
                    if (cmp < 0) {
                        Map.Entry<String, Version> out = Map.entry(c.key(), c.version());
                        c = committed.hasNext() ? committed.next() : null;
                        return out;
                    }
                    if (cmp == 0) {
                        c = committed.hasNext() ? committed.next() : null;
                    }
                    Map.Entry<String, PendingWrites.Write> write = w;
                    w = writes.hasNext() ? writes.next() : null;
                    if (write.getValue().value() != null) {
                        return Map.entry(write.getKey(), write.getValue().version());
                    }
                }
                return null;
            }

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public Map.Entry<String, Version> next() {
                if (next == null) {
                    throw new java.util.NoSuchElementException();
                }
                Map.Entry<String, Version> out = next;
                next = advance();
                return out;
            }
        };
    }

    /** Fabric's {@code version.AreSame}: both absent, or both present with equal block and tx numbers. */
    static boolean sameVersion(Version a, Version b) {
        if (a == null || b == null) {
            return a == b;
        }
        return a.getBlockNum() == b.getBlockNum() && a.getTxNum() == b.getTxNum();
    }

    private static String describe(Version v) {
        return v == null ? "(absent)" : "(" + v.getBlockNum() + ", " + v.getTxNum() + ")";
    }

}
