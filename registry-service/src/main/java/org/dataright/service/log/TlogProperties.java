package org.dataright.service.log;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The transparency log's settings, under {@code registry.tlog}.
 *
 * @param enabled whether the service keeps and serves the log
 * @param origin the log's origin (the first line of its checkpoints and its key's name); empty:
 *     {@code dpr.example/registry/<channel>}. It never changes for a log: its key carries it.
 * @param checkpointInterval the shortest time between two signed checkpoints (one is signed only when the
 *     tree grew)
 * @param localWitness whether a witness in this process cosigns each checkpoint (its key and record under
 *     {@code <data dir>/tlog/witness/}); the embedded default, so that checkpoints are always witnessed
 * @param witnesses other witnesses to ask, each {@code "<cosignature vkey> <submission URL>"} (a
 *     {@code dpr witness serve}); every witness asked is part of the policy's quorum
 * @param certificateWait how long issuing a version 2 certificate waits for the log to read the act's block
 *     and sign a checkpoint covering it, before it answers {@code CHECKPOINT_PENDING} (retry later)
 */
@Validated
@ConfigurationProperties("registry.tlog")
public record TlogProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("") String origin,
        @DefaultValue("1s") @NotNull Duration checkpointInterval,
        @DefaultValue("true") boolean localWitness,
        @DefaultValue @NotNull List<String> witnesses,
        @DefaultValue("10s") @NotNull Duration certificateWait) {

    /** The origin, or the default one for {@code channel}. */
    public String originFor(String channel) {
        return origin.isBlank() ? "dpr.example/registry/" + channel : origin;
    }
}
