package org.dataright.service.log;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The transparency log's settings, under {@code registry.tlog}.
 *
 * @param enabled whether the service keeps and serves the log
 * @param origin the log's origin (the first line of its checkpoints and its key's name); empty: the origin of
 *     the log already in the data dir, or for a new log a unique one, {@code dpr.example/registry/<channel>/<16
 *     hex of the SHA-256 of its public key>}. It never changes for a log: its key carries it.
 * @param checkpointInterval the shortest time between two signed checkpoints (one is signed only when the
 *     tree grew)
 * @param localWitness whether a witness in this process cosigns each checkpoint (its key and record under
 *     {@code <data dir>/tlog/witness/}); the embedded default, so that checkpoints are always witnessed
 * @param witnesses other witnesses to ask, each {@code "<cosignature vkey> <submission URL>"} (a
 *     {@code dpr witness serve})
 * @param certificateWait how long issuing a version 2 certificate waits for the log to read the act's block
 *     and sign a checkpoint covering it, before it answers {@code CHECKPOINT_PENDING} (retry later)
 * @param witnessQuorum how many of the witnesses asked (the local one included) must cosign a checkpoint for
 *     the policy to accept it: {@code all}, {@code any} or a number from 1 to their count; every witness is
 *     asked whatever the quorum
 * @param stateMapSnapshotInterval the shortest time between two snapshots of the state map written at a
 *     checkpoint (one is also written when the service stops), from which a restart resumes the map
 */
@Validated
@ConfigurationProperties("registry.tlog")
public record TlogProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("") String origin,
        @DefaultValue("1s") @NotNull Duration checkpointInterval,
        @DefaultValue("true") boolean localWitness,
        @DefaultValue @NotNull List<String> witnesses,
        @DefaultValue("10s") @NotNull Duration certificateWait,
        @DefaultValue("all") @NotNull @Pattern(regexp = "all|any|[1-9][0-9]{0,2}",
                message = "is all, any or a number of witnesses") String witnessQuorum,
        @DefaultValue("5m") @NotNull Duration stateMapSnapshotInterval) {

    @ConstructorBinding
    public TlogProperties {
    }

    /** The settings before the quorum and the snapshots were: every witness in the quorum, a snapshot each 5 minutes. */
    public TlogProperties(boolean enabled, String origin, Duration checkpointInterval, boolean localWitness,
            List<String> witnesses, Duration certificateWait) {
        this(enabled, origin, checkpointInterval, localWitness, witnesses, certificateWait, "all", Duration.ofMinutes(5));
    }
}
