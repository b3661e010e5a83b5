package org.dataright.evidence.certificate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.dataright.evidence.canonical.StrictJson;
import org.dataright.fabric.crypto.SignatureAlgorithm;

/** Who signed the certificate and how: the algorithm, the issuer's certificate and its intermediate CAs. */
public record IssuerInfo(SignatureAlgorithm algorithm, X509Certificate certificate, List<X509Certificate> intermediates) {
    public IssuerInfo {
        if (algorithm == null || certificate == null) {
            throw new IllegalArgumentException("the issuer needs an algorithm and a certificate");
        }
        intermediates = List.copyOf(intermediates);
    }

    static IssuerInfo fromJson(ObjectNode o, String path) {
        StrictJson.onlyFields(o, path, "algorithm", "certificate", "intermediates");
        String name = StrictJson.text(o, path, "algorithm");
        SignatureAlgorithm algorithm;
        try {
            algorithm = SignatureAlgorithm.valueOf(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(path + ".algorithm '" + name + "' is not one of ECDSA_P256_SHA256, SM2_SM3", e);
        }
        List<X509Certificate> intermediates = new ArrayList<>();
        List<JsonNode> items = StrictJson.array(o, path, "intermediates");
        for (int i = 0; i < items.size(); i++) {
            if (!items.get(i).isTextual()) {
                throw new IllegalArgumentException(path + ".intermediates[" + i + "] must be a PEM string");
            }
            intermediates.add(Certificates.parse(path + ".intermediates[" + i + "]", items.get(i).textValue()));
        }
        return new IssuerInfo(algorithm, Certificates.pem(o, path, "certificate"), intermediates);
    }

    void toJson(ObjectNode o) {
        o.put("algorithm", algorithm.name());
        o.put("certificate", Certificates.pem(certificate));
        var array = o.putArray("intermediates");
        intermediates.forEach(c -> array.add(Certificates.pem(c)));
    }
}
