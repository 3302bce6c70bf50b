package dev.imap4lib.client;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The untagged responses kept for imaplib's {@code response(type)}, by type, bounded: at most
 * {@link #MAX_PER_TYPE} of a type (the older half goes when nobody pops them) and
 * {@link #MAX_TYPES} types (a server making up types without end loses the oldest). Its own
 * monitor guards it, so {@code response()} never waits for the reader.
 */
final class StoredResponses {
    static final int MAX_PER_TYPE = 100_000;
    static final int MAX_TYPES = 1_000;

    private final Map<String, List<Untagged>> byType = new LinkedHashMap<>();

    synchronized void add(Untagged u) {
        if (!byType.containsKey(u.type()) && byType.size() >= MAX_TYPES) {
            var eldest = byType.keySet().iterator();
            eldest.next();
            eldest.remove();
        }
        List<Untagged> list = byType.computeIfAbsent(u.type(), k -> new ArrayList<>());
        if (list.size() >= MAX_PER_TYPE) {
            list.subList(0, list.size() / 2).clear();
        }
        list.add(u);
    }

    /** Removes {@code taken} (a command's own responses of {@code type}) from what is stored, as imaplib does. */
    synchronized void remove(String type, List<Untagged> taken) {
        List<Untagged> stored = byType.get(type);
        if (stored == null) {
            return;
        }
        Set<Untagged> drop = Collections.newSetFromMap(new IdentityHashMap<>());
        drop.addAll(taken);
        stored.removeIf(drop::contains);
        if (stored.isEmpty()) {
            byType.remove(type);
        }
    }

    /** Removes and returns every stored response of {@code type}. */
    synchronized List<Untagged> pop(String type) {
        List<Untagged> l = byType.remove(type);
        return l == null ? List.of() : l;
    }
}
