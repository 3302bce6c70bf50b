package dev.imap4lib.client;

import dev.imap4lib.response.ResponseCode;
import dev.imap4lib.wire.Arg;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The arguments of a NOTIFY command (RFC 5465), built with {@link #set()} or {@link #none()} and
 * sent by {@link Imap4#notify(NotifySpec)}. Immutable; each {@code with...} call returns a copy.
 *
 * <pre>{@code
 * NotifySpec spec = NotifySpec.set().withStatus()
 *         .selected(List.of("UID", "FLAGS"), Event.MESSAGE_NEW, Event.MESSAGE_EXPUNGE, Event.FLAG_CHANGE)
 *         .mailboxes(List.of("INBOX/a", "INBOX/b"), Event.MESSAGE_NEW, Event.MESSAGE_EXPUNGE)
 *         .personal(Event.MAILBOX_NAME);
 * imap.notify(spec).check();
 * }</pre>
 *
 * <p>The RFC's pairing rules are checked here so a mistake is a clear local error rather than a
 * server's BAD: MessageNew and MessageExpunge go together, FlagChange and AnnotationChange need
 * both, and fetch attributes belong to MessageNew of SELECTED or SELECTED-DELAYED only.
 */
public final class NotifySpec {

    /** The events of RFC 5465 section 5 (plus the METADATA ones of section 5.8). */
    public enum Event {
        MESSAGE_NEW("MessageNew"), MESSAGE_EXPUNGE("MessageExpunge"), FLAG_CHANGE("FlagChange"),
        ANNOTATION_CHANGE("AnnotationChange"), MAILBOX_NAME("MailboxName"),
        SUBSCRIPTION_CHANGE("SubscriptionChange"), MAILBOX_METADATA_CHANGE("MailboxMetadataChange"),
        SERVER_METADATA_CHANGE("ServerMetadataChange");

        private final String wire;

        Event(String wire) {
            this.wire = wire;
        }

        /** The name on the wire, e.g. {@code MessageNew}. */
        public String wireName() {
            return wire;
        }
    }

    /** Which mailboxes a group of events is about (RFC 5465 section 6). */
    public enum Filter {
        SELECTED("selected"), SELECTED_DELAYED("selected-delayed"), PERSONAL("personal"), INBOXES("inboxes"),
        SUBSCRIBED("subscribed"), SUBTREE("subtree"), MAILBOXES("mailboxes");

        private final String wire;

        Filter(String wire) {
            this.wire = wire;
        }
    }

    /**
     * One {@code (filter events)} group.
     *
     * @param mailboxes the names for SUBTREE and MAILBOXES, else empty
     * @param events empty means {@code NONE}: no events for these mailboxes
     * @param fetchAttributes what MessageNew returns for the selected mailbox, e.g. {@code UID}
     */
    public record Group(Filter filter, List<String> mailboxes, Set<Event> events, List<String> fetchAttributes) {
        public Group {
            Params.require(filter, "filter");
            mailboxes = List.copyOf(mailboxes);
            events = Collections.unmodifiableSet(events.isEmpty() ? EnumSet.noneOf(Event.class) : EnumSet.copyOf(events));
            fetchAttributes = List.copyOf(fetchAttributes);
            for (String m : mailboxes) {
                Params.require(m, "mailbox");
            }
            boolean needsNames = filter == Filter.SUBTREE || filter == Filter.MAILBOXES;
            if (needsNames == mailboxes.isEmpty()) {
                throw new IllegalArgumentException(needsNames ? filter.wire + " needs at least one mailbox"
                        : filter.wire + " takes no mailbox names");
            }
            if (events.contains(Event.MESSAGE_NEW) != events.contains(Event.MESSAGE_EXPUNGE)) {
                throw new IllegalArgumentException("MessageNew and MessageExpunge must be requested together (RFC 5465 5.2)");
            }
            if ((events.contains(Event.FLAG_CHANGE) || events.contains(Event.ANNOTATION_CHANGE))
                    && !events.contains(Event.MESSAGE_NEW)) {
                throw new IllegalArgumentException("FlagChange and AnnotationChange need MessageNew and MessageExpunge (RFC 5465 5.3)");
            }
            if (!fetchAttributes.isEmpty()) {
                if (filter != Filter.SELECTED && filter != Filter.SELECTED_DELAYED) {
                    throw new IllegalArgumentException("fetch attributes are for the selected mailbox only (RFC 5465 5.1)");
                }
                if (!events.contains(Event.MESSAGE_NEW)) {
                    throw new IllegalArgumentException("fetch attributes belong to MessageNew");
                }
                for (String a : fetchAttributes) {
                    if (a == null || a.isBlank() || a.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f)) {
                        throw new IllegalArgumentException("bad fetch attribute: " + a);
                    }
                }
            }
        }
    }

    private final boolean none;
    private final boolean status;
    private final List<Group> groups;

    private NotifySpec(boolean none, boolean status, List<Group> groups) {
        this.none = none;
        this.status = status;
        this.groups = List.copyOf(groups);
    }

    /** {@code NOTIFY NONE}: the server stops sending unsolicited events (except for the selected mailbox's basics). */
    public static NotifySpec none() {
        return new NotifySpec(true, false, List.of());
    }

    /** An empty {@code NOTIFY SET}; add groups with the methods below. */
    public static NotifySpec set() {
        return new NotifySpec(false, false, List.of());
    }

    /** Adds the {@code STATUS} indicator: the server answers with the current STATUS of each non-selected mailbox. */
    public NotifySpec withStatus() {
        return new NotifySpec(none, true, groups);
    }

    /** Adds a group. */
    public NotifySpec with(Group g) {
        if (none) {
            throw new IllegalStateException("NOTIFY NONE takes no groups");
        }
        for (Group old : groups) {
            if (old.filter() == g.filter() && old.filter() != Filter.SUBTREE && old.filter() != Filter.MAILBOXES) {
                throw new IllegalArgumentException(g.filter().wire + " given twice");
            }
            if ((old.filter() == Filter.SELECTED || old.filter() == Filter.SELECTED_DELAYED)
                    && (g.filter() == Filter.SELECTED || g.filter() == Filter.SELECTED_DELAYED)) {
                throw new IllegalArgumentException("selected and selected-delayed exclude each other");
            }
        }
        List<Group> l = new ArrayList<>(groups);
        l.add(g);
        return new NotifySpec(false, status, l);
    }

    /** Events for the selected mailbox; {@code fetchAttributes} (may be empty) are what each MessageNew FETCH carries. */
    public NotifySpec selected(List<String> fetchAttributes, Event... events) {
        return with(new Group(Filter.SELECTED, List.of(), set(events), fetchAttributes));
    }

    /** Like {@link #selected} but expunges are only reported when the client can take them (RFC 5465 6.1). */
    public NotifySpec selectedDelayed(List<String> fetchAttributes, Event... events) {
        return with(new Group(Filter.SELECTED_DELAYED, List.of(), set(events), fetchAttributes));
    }

    /** Events for every personal mailbox; no events means {@code NONE}. */
    public NotifySpec personal(Event... events) {
        return with(new Group(Filter.PERSONAL, List.of(), set(events), List.of()));
    }

    /** Events for every mailbox that receives mail. */
    public NotifySpec inboxes(Event... events) {
        return with(new Group(Filter.INBOXES, List.of(), set(events), List.of()));
    }

    /** Events for every subscribed mailbox. */
    public NotifySpec subscribed(Event... events) {
        return with(new Group(Filter.SUBSCRIBED, List.of(), set(events), List.of()));
    }

    /** Events for these mailboxes and all below them. */
    public NotifySpec subtree(List<String> mailboxes, Event... events) {
        return with(new Group(Filter.SUBTREE, mailboxes, set(events), List.of()));
    }

    /** Events for exactly these mailboxes. */
    public NotifySpec mailboxes(List<String> mailboxes, Event... events) {
        return with(new Group(Filter.MAILBOXES, mailboxes, set(events), List.of()));
    }

    /** Whether this is {@code NOTIFY NONE}. */
    public boolean isNone() {
        return none;
    }

    /** Whether the STATUS indicator is set. */
    public boolean status() {
        return status;
    }

    /** The groups, in order. */
    public List<Group> groups() {
        return groups;
    }

    /**
     * The events a server named in a {@code [BADEVENT (...)]} code: the ones it supports
     * (RFC 5465 section 3.2); empty when {@code code} is no BADEVENT.
     */
    public static List<String> supportedEvents(ResponseCode code) {
        if (code == null || !"BADEVENT".equalsIgnoreCase(code.name()) || code.argument() == null) {
            return List.of();
        }
        String a = code.argument().trim();
        if (a.startsWith("(") && a.endsWith(")")) {
            a = a.substring(1, a.length() - 1);
        }
        List<String> out = new ArrayList<>();
        for (String s : a.trim().split("\\s+")) {
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return List.copyOf(out);
    }

    private static Set<Event> set(Event... events) {
        Set<Event> s = EnumSet.noneOf(Event.class);
        for (Event e : events) {
            s.add(Params.require(e, "event"));
        }
        return s;
    }

    /** The command's arguments after {@code NOTIFY}. */
    List<Arg> args() {
        if (none) {
            return List.of(Arg.raw("NONE"));
        }
        if (groups.isEmpty()) {
            throw new IllegalArgumentException("NOTIFY SET needs at least one group (NotifySpec.none() for NONE)");
        }
        List<Arg> args = new ArrayList<>();
        args.add(Arg.raw("SET"));
        if (status) {
            args.add(Arg.raw("STATUS"));
        }
        for (Group g : groups) {
            List<Arg> items = new ArrayList<>();
            items.add(Arg.raw(g.filter().wire));
            if (!g.mailboxes().isEmpty()) {
                List<Arg> names = new ArrayList<>();
                for (String m : new LinkedHashSet<>(g.mailboxes())) {
                    names.add(Arg.mailbox(m));
                }
                items.add(new Arg.ListOf(names));
            }
            if (g.events().isEmpty()) {
                items.add(Arg.raw("NONE"));
            } else {
                StringBuilder ev = new StringBuilder("(");
                for (Event e : g.events()) {
                    if (ev.length() > 1) {
                        ev.append(' ');
                    }
                    ev.append(e.wireName());
                    if (e == Event.MESSAGE_NEW && !g.fetchAttributes().isEmpty()) {
                        ev.append(" (").append(String.join(" ", g.fetchAttributes())).append(')');
                    }
                }
                items.add(Arg.raw(ev.append(')').toString()));
            }
            args.add(new Arg.ListOf(items));
        }
        return args;
    }
}
