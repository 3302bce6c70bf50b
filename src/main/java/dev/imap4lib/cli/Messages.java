package dev.imap4lib.cli;

import jakarta.mail.Address;
import jakarta.mail.Flags;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeUtility;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/** Formatting of message fields shared by the commands. */
final class Messages {
    static final DateTimeFormatter SHORT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private Messages() {
    }

    static String shortDate(Date d) {
        return d == null ? "" : SHORT.format(d.toInstant().atZone(ZoneId.systemDefault()));
    }

    static String iso(Date d) {
        return d == null ? null : d.toInstant().toString();
    }

    /** "Name" for an address with a personal name, else the address. */
    static String who(Address[] as) {
        if (as == null || as.length == 0) {
            return "";
        }
        if (as[0] instanceof InternetAddress ia) {
            String p = ia.getPersonal();
            return p != null && !p.isBlank() ? p : ia.getAddress();
        }
        return as[0].toString();
    }

    /** Addresses decoded for display: {@code Name <user@host>, ...}. */
    static String addresses(Address[] as) {
        if (as == null) {
            return "";
        }
        List<String> out = new ArrayList<>();
        for (Address a : as) {
            if (a instanceof InternetAddress ia) {
                String p = ia.getPersonal();
                out.add(p != null && !p.isBlank() ? p + " <" + ia.getAddress() + ">" : ia.getAddress());
            } else {
                out.add(decode(a.toString()));
            }
        }
        return String.join(", ", out);
    }

    static List<String> addressList(Address[] as) {
        List<String> out = new ArrayList<>();
        if (as != null) {
            for (Address a : as) {
                out.add(a instanceof InternetAddress ia ? ia.toUnicodeString() : a.toString());
            }
        }
        return out;
    }

    static String decode(String s) {
        if (s == null) {
            return "";
        }
        try {
            return MimeUtility.decodeText(MimeUtility.unfold(s));
        } catch (java.io.UnsupportedEncodingException e) {
            return s;
        }
    }

    static String subject(Message m) throws MessagingException {
        String s = m.getSubject();
        return s == null ? "" : Text.oneLine(s);
    }

    /** Flag letters: S seen, F flagged, A answered, D deleted, T draft, R recent; then keywords. */
    static String letters(Flags f) {
        StringBuilder sb = new StringBuilder();
        if (f.contains(Flags.Flag.SEEN)) {
            sb.append('S');
        }
        if (f.contains(Flags.Flag.FLAGGED)) {
            sb.append('F');
        }
        if (f.contains(Flags.Flag.ANSWERED)) {
            sb.append('A');
        }
        if (f.contains(Flags.Flag.DELETED)) {
            sb.append('D');
        }
        if (f.contains(Flags.Flag.DRAFT)) {
            sb.append('T');
        }
        for (String u : f.getUserFlags()) {
            sb.append(sb.length() > 0 ? " " : "").append(u);
        }
        return sb.toString();
    }

    /** IMAP names: \Seen, \Flagged, ..., keywords. */
    static List<String> names(Flags f) {
        List<String> out = new ArrayList<>();
        for (Flags.Flag s : f.getSystemFlags()) {
            if (s == Flags.Flag.SEEN) {
                out.add("\\Seen");
            } else if (s == Flags.Flag.FLAGGED) {
                out.add("\\Flagged");
            } else if (s == Flags.Flag.ANSWERED) {
                out.add("\\Answered");
            } else if (s == Flags.Flag.DELETED) {
                out.add("\\Deleted");
            } else if (s == Flags.Flag.DRAFT) {
                out.add("\\Draft");
            } else if (s == Flags.Flag.RECENT) {
                out.add("\\Recent");
            }
        }
        out.addAll(List.of(f.getUserFlags()));
        return out;
    }
}
