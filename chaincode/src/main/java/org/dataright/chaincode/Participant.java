package org.dataright.chaincode;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.json.JSONArray;
import org.json.JSONObject;

/**
 * A participant in the directory: its party id, display name, short handle, roles, organisation (the
 * party's MSP id) and status. Only the registrar writes it. Acts that name a counterparty (a receiver,
 * a licensee, a pledgee) ask the counterparty's record whether it can complete the act.
 */
final class Participant {
    enum Status { ACTIVE, SUSPENDED }

    /** Lower-case letters, digits and inner hyphens: what a person types after {@code --to}. */
    private static final Pattern HANDLE = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,30}[a-z0-9])?");

    final String id;
    final String name;
    final String handle;
    final Set<Role> roles;
    final String organisation;
    final Status status;
    final Stamp lastAct;
    /** Every key ever bound to this participant, oldest first; the current ones have no end. */
    final List<BoundKey> keys;

    Participant(String id, String name, String handle, Set<Role> roles, Status status, Stamp lastAct) {
        this(id, name, handle, roles, status, lastAct, List.of());
    }

    Participant(String id, String name, String handle, Set<Role> roles, Status status, Stamp lastAct,
            List<BoundKey> keys) {
        this.id = id;
        this.name = name;
        this.handle = handle;
        this.roles = roles.isEmpty() ? EnumSet.noneOf(Role.class) : EnumSet.copyOf(roles);
        this.organisation = organisationOf(id);
        this.status = status;
        this.lastAct = lastAct;
        this.keys = List.copyOf(keys);
    }

    /** The registrar's change: null keeps a field as it is. */
    Participant changed(String newName, String newHandle, Set<Role> newRoles, Status newStatus, Stamp stamp) {
        if ((newName == null || newName.equals(name)) && (newHandle == null || newHandle.equals(handle))
                && (newRoles == null || newRoles.equals(roles)) && (newStatus == null || newStatus == status)) {
            throw ErrorCode.INVALID_ARGUMENT.reject("the change leaves participant %s as it is", id);
        }
        return new Participant(id, newName == null ? name : newName, newHandle == null ? handle : newHandle,
                newRoles == null ? roles : newRoles, newStatus == null ? status : newStatus, stamp, keys);
    }

    /**
     * Refuses an act signed with a key that is not a current key of this participant: one revoked
     * ({@code KEY_REVOKED}), or one replaced or never bound ({@code KEY_NOT_BOUND}) — such as a certificate
     * that the holder of the CA key minted for this subject.
     */
    void mustHoldCurrentKey(String fingerprint) {
        BoundKey key = key(fingerprint);
        if (key != null && key.current()) {
            return;
        }
        if (key != null && key.end == BoundKey.End.REVOKED) {
            throw ErrorCode.KEY_REVOKED.reject("the key %s of %s was revoked at %s (%s); it may not act", fingerprint, id,
                    key.until, key.endReason);
        }
        String why = key == null ? "was never bound to " + id
                : "stopped being a key of " + id + " at " + key.until + " (" + key.end.name().toLowerCase(Locale.ROOT) + ")";
        throw ErrorCode.KEY_NOT_BOUND.reject("the key %s you signed with %s, so it may not act in that name (current "
                + "keys: %s); a new key is bound by a renewal signed with the current one, or by the registrar", fingerprint,
                why, currentFingerprints());
    }

    /**
     * Binds a new key. {@code retire} ends the keys current until now (a renewal ends the key that signed it,
     * a rebind every current key); a key bound before, to this participant, is never bound again.
     */
    Participant withKey(String fingerprint, BoundKey.How how, String reason, BoundKey.End retire, String retiring,
            Stamp stamp) {
        if (key(fingerprint) != null) {
            throw ErrorCode.KEY_ALREADY_BOUND.reject("the key %s was bound to %s before (%s); a new binding needs a new key",
                    fingerprint, id, key(fingerprint).how.name().toLowerCase(Locale.ROOT));
        }
        List<BoundKey> next = new ArrayList<>();
        for (BoundKey k : keys) {
            boolean ends = k.current() && retire != null && (retiring == null || retiring.equals(k.fingerprint));
            next.add(ends ? k.ended(retire, reason, stamp) : k);
        }
        next.add(BoundKey.bound(fingerprint, how, reason, stamp));
        return new Participant(id, name, handle, roles, status, stamp, next);
    }

    /** The registrar revokes a current key: from the next block no act signed with it is accepted. */
    Participant withoutKey(String fingerprint, String reason, Stamp stamp) {
        BoundKey key = key(fingerprint);
        if (key == null || !key.current()) {
            throw (key != null && key.end == BoundKey.End.REVOKED ? ErrorCode.KEY_REVOKED : ErrorCode.KEY_NOT_BOUND)
                    .reject("the key %s is not a current key of %s (current keys: %s); only a current key is revoked",
                            fingerprint, id, currentFingerprints());
        }
        List<BoundKey> next = new ArrayList<>();
        for (BoundKey k : keys) {
            next.add(k == key ? k.ended(BoundKey.End.REVOKED, reason, stamp) : k);
        }
        return new Participant(id, name, handle, roles, status, stamp, next);
    }

    /** The latest binding of this fingerprint, or null. */
    BoundKey key(String fingerprint) {
        BoundKey found = null;
        for (BoundKey k : keys) {
            if (k.fingerprint.equals(fingerprint)) {
                found = k;
            }
        }
        return found;
    }

    private List<String> currentFingerprints() {
        List<String> current = new ArrayList<>();
        for (BoundKey k : keys) {
            if (k.current()) {
                current.add(k.fingerprint);
            }
        }
        return current;
    }

    /**
     * Refuses the act unless this participant is active and has the role that completes it (a receiver
     * accepts, a pledgee releases): the counterparty is then someone who can act on what it is given.
     */
    Participant mustBeAbleTo(Role needed, String as, String act) {
        if (status != Status.ACTIVE) {
            throw ErrorCode.PARTICIPANT_SUSPENDED.reject("the %s %s (%s) is suspended and cannot %s", as, handle, id, act);
        }
        if (!roles.contains(needed)) {
            ErrorCode code = needed == Role.BANK ? ErrorCode.PLEDGEE_NOT_BANK : ErrorCode.COUNTERPARTY_CANNOT_ACT;
            throw code.reject("the %s %s (%s) has the roles %s, not %s, so it could never %s", as, handle, id,
                    labels(roles), needed.label(), act);
        }
        return this;
    }

    String toJson() {
        List<String> roleLabels = new ArrayList<>();
        for (Role r : roles) {
            roleLabels.add(r.label());
        }
        return new Json().str("id", id).str("name", name).str("handle", handle).strings("roles", roleLabels)
                .str("organisation", organisation).str("status", status.name()).obj("lastAct", lastAct.toJson())
                .raw("keys", keysJson()).toString();
    }

    private String keysJson() {
        List<String> entries = new ArrayList<>();
        for (BoundKey k : keys) {
            entries.add(k.toJson().toString());
        }
        return Json.array(entries);
    }

    static Participant from(JSONObject o) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        JSONArray array = o.getJSONArray("roles");
        for (int i = 0; i < array.length(); i++) {
            roles.add(Role.parse(array.getString(i)));
        }
        // Records written before keys were pinned have no "keys": none is bound yet (see RightsContract#stamp).
        List<BoundKey> keys = new ArrayList<>();
        JSONArray keyArray = o.optJSONArray("keys");
        for (int i = 0; keyArray != null && i < keyArray.length(); i++) {
            keys.add(BoundKey.from(keyArray.getJSONObject(i)));
        }
        return new Participant(o.getString("id"), o.getString("name"), o.getString("handle"), roles,
                Status.valueOf(o.getString("status")), Stamp.from(o.getJSONObject("lastAct")), keys);
    }

    /** A party id as the directory keeps it: {@code <MSP id>::<certificate subject>}. */
    static String partyId(String field, String value) {
        String checked = Input.text(field, value, Input.PARTY_ID);
        int sep = checked.indexOf("::");
        if (sep <= 0 || sep + 2 >= checked.length()) {
            throw ErrorCode.INVALID_ARGUMENT.reject("%s must name a party as <MSP id>::<certificate subject>, not '%s'",
                    field, Input.abbreviate(checked));
        }
        return checked;
    }

    static String handle(String value) {
        String checked = value == null ? "" : value.strip();
        if (!HANDLE.matcher(checked).matches()) {
            throw ErrorCode.INVALID_ARGUMENT.reject("a handle is 1 to 32 lower-case letters, digits or inner hyphens, "
                    + "such as acme-data, not '%s'", Input.abbreviate(checked));
        }
        return checked;
    }

    /** Roles as a comma-separated list of labels ({@code enterprise,exchange}), at least one, none twice. */
    static Set<Role> roles(String value) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String label : (value == null ? "" : value).split(",", -1)) {
            Role role = Role.parse(label.strip().toLowerCase(Locale.ROOT));
            if (role == Role.NONE) {
                throw ErrorCode.INVALID_ARGUMENT.reject("roles are a comma-separated list of %s, not '%s'",
                        labels(EnumSet.complementOf(EnumSet.of(Role.NONE))), Input.abbreviate(value == null ? "" : value));
            }
            if (!roles.add(role)) {
                throw ErrorCode.INVALID_ARGUMENT.reject("the role %s is listed twice", role.label());
            }
        }
        return roles;
    }

    private static String organisationOf(String partyId) {
        return partyId.substring(0, partyId.indexOf("::"));
    }

    private static String labels(Set<Role> roles) {
        List<String> labels = new ArrayList<>();
        for (Role r : roles) {
            labels.add(r.label());
        }
        return labels.toString();
    }
}
