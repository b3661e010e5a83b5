package org.dataright.service.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Every setting of the registry service, under the prefix {@code registry}.
 *
 * @param mode {@code embedded} (the default: the service hosts a single-node peer on loopback) or
 *     {@code fabric} (the service connects to a Fabric network's peer)
 * @param dataDir where the service keeps everything it owns: the embedded ledger, the CA, enrollment
 *     tokens, issued certificates and the act projection
 * @param channel the channel name
 * @param chaincodeName the name of the rights contract
 * @param publicBaseUrl the address participants reach the service at; verification links point here
 * @param embedded settings of embedded mode
 * @param fabric settings of fabric mode
 * @param issuer the key that signs evidence certificates
 * @param limits request size limits
 * @param timestamp the RFC 3161 time-stamp authority that stamps each certificate (off unless its URL is set)
 */
@Validated
@ConfigurationProperties("registry")
public record RegistryProperties(
        @DefaultValue("embedded") @NotNull Mode mode,
        @DefaultValue("data") @NotNull Path dataDir,
        @DefaultValue("registry") @NotBlank String channel,
        @DefaultValue("rights") @NotBlank String chaincodeName,
        @DefaultValue("http://localhost:8080") @NotNull URI publicBaseUrl,
        @DefaultValue @Valid Embedded embedded,
        @DefaultValue @Valid Fabric fabric,
        @DefaultValue @Valid Issuer issuer,
        @DefaultValue @Valid Limits limits,
        @DefaultValue @Valid Timestamp timestamp) {

    /** Where the ledger is. */
    public enum Mode {
        EMBEDDED, FABRIC
    }

    /** The algorithms an evidence certificate may be signed with. */
    public enum SigningAlgorithm {
        ECDSA_P256, SM2
    }

    /**
     * Embedded mode.
     *
     * @param mspId the MSP id of the registry's organisation, whose CA the service runs
     * @param ordererMspId the MSP id of the embedded network's orderer organisation
     * @param peerPort the loopback port of the embedded peer's gateway (0: any free port)
     * @param chaincodeJar the chaincode jar, relative to the working directory unless absolute
     * @param blockMaxTransactions the most transactions the embedded orderer puts in one block
     * @param blockTimeout how long the embedded orderer waits for more transactions before it cuts a block
     * @param proposalTimeWindow how far a proposal's timestamp may be from the embedded peer's clock, either way: the
     *     chaincode takes "now" from it, so this bounds how far a client can move a deadline
     */
    public record Embedded(
            @DefaultValue("RegistryMSP") @NotBlank String mspId,
            @DefaultValue("OrdererMSP") @NotBlank String ordererMspId,
            @DefaultValue("7051") @Min(0) @Max(65535) int peerPort,
            @DefaultValue("chaincode/target/chaincode.jar") @NotNull Path chaincodeJar,
            @DefaultValue("500") @Min(1) int blockMaxTransactions,
            @DefaultValue("20ms") @NotNull java.time.Duration blockTimeout,
            @DefaultValue("60s") @NotNull java.time.Duration proposalTimeWindow) {
    }

    /**
     * Fabric mode: the service's own Fabric identity and the peer it connects to.
     *
     * @param connectionProfile a Fabric connection profile (JSON or YAML) naming the peer, its address and TLS root
     * @param peer the peer of the profile to use; empty: the first peer of the identity's organisation
     * @param mspId the MSP id of the service's identity
     * @param certificate the PEM certificate of the service's identity
     * @param privateKey the PKCS#8 PEM private key of the service's identity
     * @param caRootCertificates PEM files of the CA roots participants' certificates chain to (for {@code /api/network})
     */
    public record Fabric(
            Path connectionProfile,
            @DefaultValue("") String peer,
            @DefaultValue("") String mspId,
            Path certificate,
            Path privateKey,
            @DefaultValue java.util.List<Path> caRootCertificates) {
    }

    /**
     * The key that signs evidence certificates.
     *
     * @param algorithm {@code ECDSA_P256} or {@code SM2}
     * @param privateKey a PKCS#8 (or SEC 1) PEM private key on the algorithm's curve; empty: an issuer CA and
     *     key are made on first start and kept in {@code <data dir>/issuer/}
     * @param certificate the PEM certificate of {@code privateKey} (required with it; not a CA certificate)
     * @param intermediates PEM files of CA certificates between {@code certificate} and its root
     * @param rootCertificates PEM files of the issuer roots verifiers trust (served in the trust bundle);
     *     required with {@code privateKey}
     * @param name the common name of the generated issuer certificate
     */
    public record Issuer(
            @DefaultValue("ECDSA_P256") @NotNull SigningAlgorithm algorithm,
            Path privateKey,
            Path certificate,
            @DefaultValue java.util.List<Path> intermediates,
            @DefaultValue java.util.List<Path> rootCertificates,
            @DefaultValue("Data property rights registry") @NotBlank String name) {
    }

    /**
     * Request limits.
     *
     * @param maxJsonBytes the largest JSON request body accepted
     * @param maxRequestsPerClient the most requests one client address may have in progress at once (0: no limit)
     * @param bodyTimeout how long a request body may take to arrive, plus one second for each {@code bodyMinRate} bytes
     * @param bodyMinRate the bytes a second a request body must keep up with after {@code bodyTimeout}
     */
    public record Limits(
            @DefaultValue("65536") @Min(1024) long maxJsonBytes,
            @DefaultValue("20") @Min(0) int maxRequestsPerClient,
            @DefaultValue("10s") @NotNull java.time.Duration bodyTimeout,
            @DefaultValue("4KB") @NotNull org.springframework.util.unit.DataSize bodyMinRate) {
    }

    /**
     * The RFC 3161 time-stamp authority (TSA) asked for a token over each certificate's signature. A TSA that
     * is down or answers badly delays the token, never the certificate: stamps are retried with backoff, and
     * the certificates still without a token are found again after a restart.
     *
     * @param url the TSA's HTTP endpoint ({@code application/timestamp-query}); empty: certificates are not stamped
     * @param rootCertificates PEM files of the TSA roots a token's signer must chain to (served in the trust bundle);
     *     required with {@code url}
     * @param timeout how long one request may take, connecting included
     * @param retryFirst the wait before the first retry; each later wait doubles
     * @param retryMax the longest wait between two tries
     */
    public record Timestamp(
            URI url,
            @DefaultValue java.util.List<Path> rootCertificates,
            @DefaultValue("10s") @NotNull java.time.Duration timeout,
            @DefaultValue("5s") @NotNull java.time.Duration retryFirst,
            @DefaultValue("10m") @NotNull java.time.Duration retryMax) {
    }
}
