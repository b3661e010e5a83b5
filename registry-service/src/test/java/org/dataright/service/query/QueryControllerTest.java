package org.dataright.service.query;

import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.dataright.ledger.client.ChaincodeError;
import org.dataright.ledger.client.LedgerException;
import org.dataright.ledger.client.RightsContract;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

@WebMvcTest(QueryController.class)
class QueryControllerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    MockMvc mvc;

    @MockitoBean
    RightsContract rights;

    @MockitoBean
    Projections projections;

    @Test
    void aRightIdWithAnEncodedSlashReachesTheChaincodeDecoded() throws Exception {
        given(rights.right("A-0011223344556677/RESOURCE_HOLDING"))
                .willReturn(JSON.readTree("{\"id\":\"A-0011223344556677/RESOURCE_HOLDING\"}"));

        mvc.perform(get(URI.create("/api/rights/A-0011223344556677%2FRESOURCE_HOLDING")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.id").value("A-0011223344556677/RESOURCE_HOLDING"));
    }

    @Test
    void historiesArePaged() throws Exception {
        given(rights.assetHistory("A-1")).willReturn(JSON.readTree("[{\"txId\":\"a\"},{\"txId\":\"b\"},{\"txId\":\"c\"}]"));

        mvc.perform(get("/api/assets/A-1/history").param("page", "1").param("size", "2"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items[0].txId").value("c"))
                .andExpect(jsonPath("$.total").value(3))
                .andExpect(jsonPath("$.page").value(1));
    }

    @Test
    void theDirectoryIsListedSearchedAndReadByHandleOrEncodedPartyId() throws Exception {
        String bank = "RegistryMSP::CN=First Bank,OU=client";
        given(rights.participants()).willReturn(JSON.readTree("[{\"id\":\"RegistryMSP::CN=Acme,OU=client\",\"name\":\"Acme\","
                + "\"handle\":\"acme\",\"roles\":[\"enterprise\"],\"organisation\":\"RegistryMSP\",\"status\":\"ACTIVE\"},"
                + "{\"id\":\"" + bank + "\",\"name\":\"First Bank\",\"handle\":\"first-bank\",\"roles\":[\"bank\"],"
                + "\"organisation\":\"RegistryMSP\",\"status\":\"ACTIVE\"}]"));
        given(rights.participant(bank)).willReturn(JSON.readTree("{\"id\":\"" + bank + "\",\"name\":\"First Bank\","
                + "\"handle\":\"first-bank\",\"roles\":[\"bank\"],\"organisation\":\"RegistryMSP\",\"status\":\"ACTIVE\"}"));

        mvc.perform(get("/api/participants"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.length()").value(2))
                .andExpect(jsonPath("$[0].handle").value("acme"));
        mvc.perform(get("/api/participants").param("q", "BANK"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.length()").value(1))
                .andExpect(jsonPath("$[0].id").value(bank))
                .andExpect(jsonPath("$[0].roles[0]").value("bank"));
        mvc.perform(get(URI.create("/api/participants/RegistryMSP::CN=First%20Bank,OU=client")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.handle").value("first-bank"));
    }

    @Test
    void aParticipantsKeysAreListedWithHowEachCameAndWent() throws Exception {
        given(rights.participant("first-bank")).willReturn(JSON.readTree("{\"id\":\"RegistryMSP::CN=First Bank,OU=client\","
                + "\"keys\":[{\"fingerprint\":\"aa\",\"how\":\"ENROLMENT\",\"reason\":null,\"from\":\"2026-01-01T00:00:00Z\","
                + "\"fromTx\":\"t1\",\"until\":\"2026-02-01T00:00:00Z\",\"untilTx\":\"t2\",\"end\":\"REVOKED\","
                + "\"endReason\":\"key leaked\"},{\"fingerprint\":\"bb\",\"how\":\"REBIND\",\"reason\":\"new key\","
                + "\"from\":\"2026-02-02T00:00:00Z\",\"fromTx\":\"t3\",\"until\":null,\"untilTx\":null,\"end\":null,"
                + "\"endReason\":null}]}"));
        given(rights.participant("nobody")).willThrow(LedgerException.refusedByChaincode(
                new ChaincodeError("PARTICIPANT_NOT_FOUND", "no participant has the handle nobody"), null, null));

        mvc.perform(get("/api/participants/first-bank/keys"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.length()").value(2))
                .andExpect(jsonPath("$[0].end").value("REVOKED"))
                .andExpect(jsonPath("$[0].endReason").value("key leaked"))
                .andExpect(jsonPath("$[1].how").value("REBIND"))
                .andExpect(jsonPath("$[1].until").doesNotExist());
        mvc.perform(get("/api/participants/nobody/keys"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("PARTICIPANT_NOT_FOUND"));
    }

    @Test
    void anUnknownParticipantIsNotFound() throws Exception {
        given(rights.participant("nobody")).willThrow(LedgerException.refusedByChaincode(
                new ChaincodeError("PARTICIPANT_NOT_FOUND", "no participant has the handle nobody"), null, null));

        mvc.perform(get("/api/participants/nobody"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("PARTICIPANT_NOT_FOUND"));
    }

    @Test
    void aChaincodeNotFoundIsAProblemWithTheChaincodesCode() throws Exception {
        given(rights.asset("A-404")).willThrow(LedgerException.refusedByChaincode(
                new ChaincodeError("ASSET_NOT_FOUND", "asset A-404 is not registered"), null, null));

        mvc.perform(get("/api/assets/A-404"))
                .andExpect(status().isNotFound())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.code").value("ASSET_NOT_FOUND"))
                .andExpect(jsonPath("$.detail").value("asset A-404 is not registered"))
                .andExpect(jsonPath("$.status").value(404));
    }

    @Test
    void anOversizedPageIsRefusedBeforeTheLedgerIsAsked() throws Exception {
        mvc.perform(get("/api/rights").param("holder", "RegistryMSP::CN=a").param("size", "500"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("INVALID_REQUEST"));
        verifyNoInteractions(rights);
    }

    @Test
    void actsNeedAPartyAndAnOrderedRange() throws Exception {
        mvc.perform(get("/api/acts"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("MISSING_PARAMETER"));
        mvc.perform(get("/api/acts").param("party", "P::CN=a").param("from", "2026-02-01T00:00:00Z")
                        .param("to", "2026-01-01T00:00:00Z"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("INVALID_PARAMETER"));
        mvc.perform(get("/api/acts").param("party", "P::CN=a").param("from", "yesterday"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("INVALID_PARAMETER"));
        verifyNoInteractions(projections);
    }

    @Test
    void actsComeFromTheProjection() throws Exception {
        Instant from = Instant.parse("2026-01-01T00:00:00Z");
        Act act = new Act("tx1", 3, Instant.parse("2026-01-02T00:00:00Z"), "REGISTER_ASSET", "P::CN=a", List.of("P::CN=a"),
                JSON.readTree("{\"assetId\":\"A-1\"}"));
        given(projections.acts("P::CN=a", from, null, 0, 50)).willReturn(new Page<>(List.of(act), 0, 50, 1));

        mvc.perform(get("/api/acts").param("party", "P::CN=a").param("from", "2026-01-01T00:00:00Z"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items[0].act").value("REGISTER_ASSET"))
                .andExpect(jsonPath("$.items[0].ids.assetId").value("A-1"))
                .andExpect(jsonPath("$.total").value(1));
    }
}
