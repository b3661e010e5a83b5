package org.dataright.service.query;

import java.util.List;

/**
 * One page of a longer list.
 *
 * @param items the page's items
 * @param page the page number, from 0
 * @param size the page size asked for
 * @param total how many items there are in all
 */
public record Page<T>(List<T> items, int page, int size, long total) {

    public Page {
        items = List.copyOf(items);
    }

    /** The page of {@code all}. */
    public static <T> Page<T> of(List<T> all, int page, int size) {
        long from = Math.min((long) page * size, all.size());
        long to = Math.min(from + size, all.size());
        return new Page<>(all.subList((int) from, (int) to), page, size, all.size());
    }
}
