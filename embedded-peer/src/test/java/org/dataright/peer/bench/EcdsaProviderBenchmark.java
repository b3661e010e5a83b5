package org.dataright.peer.bench;

import java.lang.management.ManagementFactory;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import org.dataright.fabric.crypto.LowSEcdsa;

/**
 * ECDSA P-256 over SHA-256 per second and CPU microseconds each, one thread, for the providers the
 * peer could verify with: Bouncy Castle's P-256 arithmetic ({@link LowSEcdsa}, what the peer uses),
 * the JDK's SunEC, and Conscrypt (BoringSSL) when its jar is on the class path (it is no dependency
 * of this project: {@code mvn dependency:get -Dartifact=org.conscrypt:conscrypt-openjdk-uber:2.5.2}).
 * The message is 3,000 bytes, about a registration's envelope payload.
 *
 * <p>Argument: seconds per measurement (3). Each is run twice; the second round is the one to read.
 */
public final class EcdsaProviderBenchmark {
    private EcdsaProviderBenchmark() {
    }

    private interface Op {
        void run() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair keys = generator.generateKeyPair();
        byte[] message = new byte[3000];
        new SecureRandom().nextBytes(message);
        byte[] signature = LowSEcdsa.sign(keys.getPrivate(), message);
        Provider conscrypt = conscrypt();
        System.out.printf("ECDSA P-256 benchmark: Java %s, %d cores, %s; Conscrypt %s%n", System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), java.time.LocalDate.now(),
                conscrypt == null ? "not on the class path" : conscrypt.getVersionStr());
        for (int round = 1; round <= 2; round++) {
            System.out.println("round " + round);
            measure("Bouncy Castle verify (LowSEcdsa)", seconds, () -> check(LowSEcdsa.verify(keys.getPublic(), message, signature)));
            measure("Bouncy Castle sign (LowSEcdsa)", seconds, () -> LowSEcdsa.sign(keys.getPrivate(), message));
            measure("SunEC verify", seconds, () -> check(verify(Signature.getInstance("SHA256withECDSA", "SunEC"),
                    keys.getPublic(), message, signature)));
            if (conscrypt != null) {
                KeyFactory factory = KeyFactory.getInstance("EC", conscrypt);
                PublicKey publicKey = factory.generatePublic(new X509EncodedKeySpec(keys.getPublic().getEncoded()));
                PrivateKey privateKey = factory.generatePrivate(new PKCS8EncodedKeySpec(keys.getPrivate().getEncoded()));
                measure("Conscrypt verify", seconds, () -> check(verify(Signature.getInstance("SHA256withECDSA", conscrypt),
                        publicKey, message, signature)));
                measure("Conscrypt sign", seconds, () -> {
                    Signature signer = Signature.getInstance("SHA256withECDSA", conscrypt);
                    signer.initSign(privateKey);
                    signer.update(message);
                    signer.sign();
                });
            }
        }
    }

    private static Provider conscrypt() {
        try {
            return (Provider) Class.forName("org.conscrypt.OpenSSLProvider").getConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            return null;
        }
    }

    private static boolean verify(Signature verifier, PublicKey key, byte[] message, byte[] signature) throws Exception {
        verifier.initVerify(key);
        verifier.update(message);
        return verifier.verify(signature);
    }

    private static void check(boolean verified) {
        if (!verified) {
            throw new IllegalStateException("a valid signature did not verify");
        }
    }

    private static void measure(String name, int seconds, Op op) throws Exception {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long cpuStart = threads.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        long n = 0;
        while (System.nanoTime() < end) {
            op.run();
            n++;
        }
        long cpu = threads.getCurrentThreadCpuTime() - cpuStart;
        System.out.printf("  %-34s %8.0f /s  %7.1f µs CPU each%n", name, n / ((System.nanoTime() - start) / 1e9), cpu / 1e3 / n);
    }
}
