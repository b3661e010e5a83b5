package org.dataright.service.log;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Pattern;
import org.dataright.evidence.log.TilePath;
import org.dataright.evidence.map.Standing;
import org.dataright.service.config.ApiException;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The transparency log over HTTP as C2SP tlog-tiles, GET only, no authentication: {@code /tlog/checkpoint},
 * {@code /tlog/tile/<L>/<N>[.p/<W>]}, {@code /tlog/tile/entries/<N>[.p/<W>]}, {@code /tlog/vkey} and {@code /tlog/policy}.
 */
@RestController
public class TlogController {
    private static final MediaType TEXT = new MediaType("text", "plain", StandardCharsets.UTF_8);
    private static final String PREFIX = "/tlog/";
    private static final CacheControl IMMUTABLE = CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable();
    private static final CacheControl PARTIAL = CacheControl.maxAge(Duration.ofSeconds(5)).cachePublic();

    private static final Pattern ASSET_ID = Pattern.compile("[A-Za-z0-9_.:-]{1,120}");

    private final TransparencyLogs logs;

    TlogController(TransparencyLogs logs) {
        this.logs = logs;
    }

    /** The latest signed checkpoint. */
    @GetMapping("/tlog/checkpoint")
    public ResponseEntity<byte[]> checkpoint() {
        byte[] note = logs.log().checkpoint().bytes();
        return ResponseEntity.ok().contentType(TEXT).cacheControl(CacheControl.maxAge(Duration.ofSeconds(1)).cachePublic())
                .body(note);
    }

    /** The verifier key of the log's checkpoints, one line. */
    @GetMapping("/tlog/vkey")
    public ResponseEntity<byte[]> vkey() {
        return ResponseEntity.ok().contentType(TEXT).cacheControl(CacheControl.maxAge(Duration.ofHours(1)).cachePublic())
                .body((logs.log().vkey() + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** The c2sp.org/tlog-policy of the log's checkpoints: the log's key, its witnesses and their quorum. */
    @GetMapping("/tlog/policy")
    public ResponseEntity<byte[]> policy() {
        return ResponseEntity.ok().contentType(TEXT).cacheControl(CacheControl.maxAge(Duration.ofMinutes(5)).cachePublic())
                .body(logs.policy(logs.log()).render().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A standing certificate of a data asset as of the latest checkpoint: its records, their map proof and
     * the checkpoint (evidence/README.md "Standing").
     */
    @GetMapping("/api/assets/{assetId}/standing")
    public ResponseEntity<String> standing(@PathVariable String assetId) {
        if (!ASSET_ID.matcher(assetId).matches()) {
            throw ApiException.badRequest("INVALID_ASSET_ID", "'" + assetId.substring(0, Math.min(assetId.length(), 80))
                    + "' is not an asset id (letters, digits and _ . : -, at most 120)");
        }
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(Standing.MEDIA_TYPE))
                .cacheControl(CacheControl.noStore()).body(logs.standing(assetId).toJson());
    }

    /** A hash tile or an entry bundle. */
    @GetMapping("/tlog/tile/**")
    public ResponseEntity<byte[]> tile(HttpServletRequest request) {
        String uri = request.getRequestURI().substring(request.getContextPath().length());
        TilePath path;
        try {
            path = TilePath.parse(uri.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("INVALID_TILE_PATH", e.getMessage());
        }
        TransparencyLog log = logs.log();
        byte[] bytes;
        try {
            bytes = log.tile(path);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("TILE_NOT_FOUND", e.getMessage());
        }
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_OCTET_STREAM)
                .cacheControl(path.isPartial() ? PARTIAL : IMMUTABLE).body(bytes);
    }
}
