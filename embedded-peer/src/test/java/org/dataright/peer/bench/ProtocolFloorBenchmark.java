package org.dataright.peer.bench;

import io.grpc.CallOptions;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.dataright.fabric.crypto.LowSEcdsa;

/**
 * What the parts every registration must pay for cost on this machine, without any registry logic:
 * a gRPC unary call over loopback (client and server in this JVM, 64 callers on their own
 * connections, as the gateway's clients), a message round trip on one shared bidirectional stream
 * (as the chaincode stream), and an ECDSA P-256 signature and verification. A registration under
 * Fabric's protocol needs three unary calls (endorse, submit, commit status), about five round
 * trips on the chaincode stream, two client signatures, one endorsement signature and four
 * verifications; the sum is a floor for the CPU of one act, before any ledger or chaincode work.
 *
 * <p>Arguments: {@code [SECONDS_PER_PART] [CALLERS] [PAYLOAD_BYTES]}, default {@code 10 64 2000}.
 */
public final class ProtocolFloorBenchmark {
    private static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };
    private static final MethodDescriptor<byte[], byte[]> UNARY = MethodDescriptor.<byte[], byte[]>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY).setFullMethodName("bench.Echo/Unary")
            .setRequestMarshaller(BYTES).setResponseMarshaller(BYTES).build();
    private static final MethodDescriptor<byte[], byte[]> STREAM = MethodDescriptor.<byte[], byte[]>newBuilder()
            .setType(MethodDescriptor.MethodType.BIDI_STREAMING).setFullMethodName("bench.Echo/Stream")
            .setRequestMarshaller(BYTES).setResponseMarshaller(BYTES).build();

    private ProtocolFloorBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int callers = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        int payload = args.length > 2 ? Integer.parseInt(args[2]) : 2000;
        System.out.printf(Locale.ROOT, "protocol floor benchmark: %d cores, Java %s, %s; %d callers, %d-byte messages, %d s per part "
                + "after as long a warm-up%n", Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                java.time.LocalDate.now(), callers, payload, seconds);
        Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(ServerServiceDefinition.builder("bench.Echo")
                        .addMethod(UNARY, ServerCalls.asyncUnaryCall((request, response) -> {
                            response.onNext(request);
                            response.onCompleted();
                        }))
                        .addMethod(STREAM, ServerCalls.asyncBidiStreamingCall(ProtocolFloorBenchmark::echo))
                        .build())
                .build().start();
        try {
            double unary = unaryCalls(server.getPort(), callers, payload, seconds);
            double roundTrip = streamRoundTrips(server.getPort(), callers, payload, seconds);
            double[] ecdsa = ecdsa(seconds);
            double floor = 3 * unary + 5 * roundTrip + 3 * ecdsa[0] + 4 * ecdsa[1];
            System.out.printf(Locale.ROOT, "floor per registration: 3 x %.3f + 5 x %.3f + 3 x %.3f + 4 x %.3f = %.2f ms of CPU, "
                    + "so at most %.0f registrations/s on %d cores before ledger, chaincode and protobuf work%n",
                    unary, roundTrip, ecdsa[0], ecdsa[1], floor, Runtime.getRuntime().availableProcessors() * 1000 / floor,
                    Runtime.getRuntime().availableProcessors());
        } finally {
            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private static StreamObserver<byte[]> echo(StreamObserver<byte[]> toClient) {
        return new StreamObserver<>() {
            @Override
            public void onNext(byte[] message) {
                synchronized (toClient) {
                    toClient.onNext(message);
                }
            }

            @Override
            public void onError(Throwable t) {
                // The client went away; nothing to answer.
            }

            @Override
            public void onCompleted() {
                toClient.onCompleted();
            }
        };
    }

    /** CPU ms per unary call, each caller on its own connection. */
    private static double unaryCalls(int port, int callers, int payload, int seconds) throws Exception {
        List<ManagedChannel> channels = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
            channels.add(Grpc.newChannelBuilderForAddress("127.0.0.1", port, InsecureChannelCredentials.create()).build());
        }
        try {
            return measure("unary call", callers, seconds, i -> ClientCalls.blockingUnaryCall(channels.get(i), UNARY,
                    CallOptions.DEFAULT, new byte[payload]));
        } finally {
            channels.forEach(ManagedChannel::shutdownNow);
        }
    }

    /** CPU ms per message round trip on one stream shared by all callers, matched by a tag. */
    private static double streamRoundTrips(int port, int callers, int payload, int seconds) throws Exception {
        ManagedChannel channel = Grpc.newChannelBuilderForAddress("127.0.0.1", port, InsecureChannelCredentials.create()).build();
        ConcurrentMap<Long, CompletableFuture<byte[]>> waiting = new ConcurrentHashMap<>();
        StreamObserver<byte[]> toServer = ClientCalls.asyncBidiStreamingCall(channel.newCall(STREAM, CallOptions.DEFAULT),
                new StreamObserver<>() {
                    @Override
                    public void onNext(byte[] message) {
                        waiting.remove(tag(message)).complete(message);
                    }

                    @Override
                    public void onError(Throwable t) {
                        waiting.values().forEach(f -> f.completeExceptionally(t));
                    }

                    @Override
                    public void onCompleted() {
                        // The benchmark ends the stream itself.
                    }
                });
        AtomicLong tags = new AtomicLong();
        try {
            return measure("stream round trip", callers, seconds, i -> {
                long tag = tags.incrementAndGet();
                byte[] message = new byte[payload];
                for (int b = 0; b < Long.BYTES; b++) {
                    message[b] = (byte) (tag >>> (8 * b));
                }
                CompletableFuture<byte[]> answer = new CompletableFuture<>();
                waiting.put(tag, answer);
                synchronized (toServer) {
                    toServer.onNext(message);
                }
                answer.get(10, TimeUnit.SECONDS);
            });
        } finally {
            synchronized (toServer) {
                toServer.onCompleted();
            }
            channel.shutdownNow();
        }
    }

    private static long tag(byte[] message) {
        long tag = 0;
        for (int b = Long.BYTES - 1; b >= 0; b--) {
            tag = (tag << 8) | (message[b] & 0xff);
        }
        return tag;
    }

    /** CPU ms per ECDSA P-256 signature and per verification, as every party here makes them. */
    private static double[] ecdsa(int seconds) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair keys = generator.generateKeyPair();
        byte[] message = new byte[2000];
        byte[] signature = LowSEcdsa.sign(keys.getPrivate(), message);
        double sign = measure("ECDSA signature", 1, seconds, i -> LowSEcdsa.sign(keys.getPrivate(), message));
        double verify = measure("ECDSA verification", 1, seconds, i -> {
            if (!LowSEcdsa.verify(keys.getPublic(), message, signature)) {
                throw new IllegalStateException("a signature made here did not verify");
            }
        });
        return new double[] {sign, verify};
    }

    private interface Step {
        void run(int caller) throws Exception;
    }

    /** Runs {@code step} on {@code callers} threads for a warm-up and then {@code seconds}; prints and returns CPU ms per step. */
    private static double measure(String what, int callers, int seconds, Step step) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            run(pool, callers, seconds, step);
            long cpuBefore = cpuNanos();
            long wallBefore = System.nanoTime();
            long done = run(pool, callers, seconds, step);
            double wall = (System.nanoTime() - wallBefore) / 1e9;
            double cpuMs = (cpuNanos() - cpuBefore) / 1e6 / done;
            System.out.printf(Locale.ROOT, "  %-20s %,10.0f per second   %.3f ms of CPU each%n", what, done / wall, cpuMs);
            return cpuMs;
        } finally {
            pool.shutdownNow();
        }
    }

    private static long run(ExecutorService pool, int callers, int seconds, Step step) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<Future<Long>> counts = new ArrayList<>();
        for (int c = 0; c < callers; c++) {
            int caller = c;
            counts.add(pool.submit(() -> {
                long n = 0;
                while (System.nanoTime() < end) {
                    step.run(caller);
                    n++;
                }
                return n;
            }));
        }
        long total = 0;
        for (Future<Long> f : counts) {
            total += f.get();
        }
        return total;
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
