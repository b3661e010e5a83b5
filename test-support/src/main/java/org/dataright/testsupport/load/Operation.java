package org.dataright.testsupport.load;

/**
 * One operation a load client did, and how it ended.
 *
 * @param name what was called ({@code registerAsset}, {@code getRight}, …)
 * @param act true for a transaction submitted and waited for until committed, false for a query
 * @param units the data assets an act registered (one, or a batch's many; other operations register none)
 * @param failure null when it succeeded, else a code saying why not ({@code MVCC_READ_CONFLICT}, …)
 */
public record Operation(String name, boolean act, int units, String failure) {
    public static Operation act(String name) {
        return new Operation(name, true, 0, null);
    }

    public static Operation query(String name) {
        return new Operation(name, false, 0, null);
    }

    public Operation failed(String code) {
        return new Operation(name, act, units, code);
    }

    public Operation units(int count) {
        return new Operation(name, act, count, failure);
    }
}
