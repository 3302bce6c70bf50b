package dev.imap4lib.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imap4lib.client.AppendMessage;
import dev.imap4lib.client.ClientOptions;
import dev.imap4lib.client.Imap4;
import dev.imap4lib.client.Imap4AbortException;
import dev.imap4lib.client.Pipeline;
import dev.imap4lib.client.Result;
import dev.imap4lib.response.FetchData;
import dev.imap4lib.response.ResponseCode;
import dev.imap4lib.testing.DovecotExtension;
import dev.imap4lib.testing.DovecotServer;
import dev.imap4lib.testing.FaultProxy;
import dev.imap4lib.testing.FaultProxy.Action;
import dev.imap4lib.testing.FaultProxy.Direction;
import dev.imap4lib.testing.Watchdog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 13, pipelining faults on a real Dovecot: in each round one connection puts a mix of
 * APPEND, STATUS, UID FETCH and UID STORE commands in flight through {@link Imap4#pipeline()},
 * and a {@link FaultProxy} cuts it (reset, close or stall; either direction) at a random byte
 * after the first pipelined command. Every command then has an outcome: completed before the cut,
 * or failed with {@link Imap4AbortException}; nothing hangs, no other exception escapes, and no
 * command reaches the server twice (the relay's record of what the client sent holds each
 * message once at most). A fresh connection then checks the mailbox: an APPEND reported OK is
 * there exactly once, an aborted one at most once, one never sent is absent, a STORE reported OK
 * has set its keyword; it resumes the work (appends what is absent, stores what is missing) and
 * at the end every message of every round is there exactly once.
 *
 * <p>Fixed seed ({@code imap4lib.pipechaos.seed}, 13), {@code imap4lib.pipechaos.rounds} rounds
 * (24) of {@code imap4lib.pipechaos.commands} commands (32). The figures are printed with the
 * prefix {@code [pipechaos]}.
 */
@ExtendWith(DovecotExtension.class)
@Timeout(600)
class PipelineChaosTest {
    private static final long SEED = Long.getLong("imap4lib.pipechaos.seed", 13L);
    private static final int ROUNDS = Integer.getInteger("imap4lib.pipechaos.rounds", 24);
    private static final int COMMANDS = Integer.getInteger("imap4lib.pipechaos.commands", 32);
    private static final String USER = "user2";
    private static final String PASS = "pass2";
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(4);
    private static final Pattern ID = Pattern.compile("X-Pipe-Id: (\\S+)");

    enum Kind { APPEND, STATUS, FETCH, STORE }

    enum Outcome { OK, NO, ABORT, NOT_SENT, OTHER }

    /** One pipelined command and what became of it. */
    static final class Cmd {
        final Kind kind;
        final String id;      // APPEND: the message's X-Pipe-Id; STORE: the keyword set
        final long uid;       // STORE, FETCH: the target
        Pipeline.Pending<?> pending;
        Outcome outcome = Outcome.NOT_SENT;
        String detail = "";

        Cmd(Kind kind, String id, long uid) {
            this.kind = kind;
            this.id = id;
            this.uid = uid;
        }
    }

    private final Map<Outcome, Integer> outcomes = new LinkedHashMap<>();
    private final Map<String, Integer> cutsBy = new LinkedHashMap<>();
    private final List<String> problems = new ArrayList<>();

    @Test
    void everyInFlightCommandFailsWithTheAbortAndNoneIsSentTwice(DovecotServer dovecot) throws Exception {
        String box = "pipechaos-" + UUID.randomUUID();
        String aux = box + "-aux";
        try (Imap4 setup = connect(dovecot.host(), dovecot.imapPort())) {
            setup.create(box).check();
            setup.create(aux).check();
            // a few messages for STORE and FETCH to work on from the first round
            for (int i = 0; i < 4; i++) {
                setup.append(aux, null, (String) null, message("seed-" + i, 300)).check();
            }
        }
        Random random = new Random(SEED);
        // message id -> uid, for every message known to be stored in box
        Map<String, Long> stored = new LinkedHashMap<>();
        // keyword -> uid, for every STORE that must end set
        Map<String, Long> keywords = new LinkedHashMap<>();
        List<String> allIds = new ArrayList<>();
        int cutRounds = 0;
        int resumedAppends = 0;
        int resumedStores = 0;
        int inFlightAtCut = 0;
        long maxRoundMs = 0;
        for (Outcome o : Outcome.values()) {
            outcomes.put(o, 0);
        }

        for (int round = 0; round < ROUNDS; round++) {
            Direction dir = random.nextBoolean() ? Direction.CLIENT_TO_SERVER : Direction.SERVER_TO_CLIENT;
            Action action = Action.values()[random.nextInt(Action.values().length)];
            // After the first byte of the first pipelined command (C->S) or of its answer (S->C);
            // a cut past the round's end does not happen, and the round is a control.
            long delta = dir == Direction.CLIENT_TO_SERVER ? random.nextInt(COMMANDS * 110) : random.nextInt(COMMANDS * 160);
            FaultProxy.Trigger trigger = dir == Direction.CLIENT_TO_SERVER
                    ? FaultProxy.Trigger.atPattern(dir, " STATUS ", 1, delta)
                    : FaultProxy.Trigger.atPattern(dir, "* STATUS ", 1, delta);
            List<Long> targets = new ArrayList<>(stored.values());
            List<Cmd> cmds = plan(round, random, targets, allIds);
            long t0 = System.nanoTime();
            try (FaultProxy proxy = new FaultProxy(dovecot.host(), dovecot.imapPort(), FaultProxy.Fault.of(trigger, action))) {
                final int r = round;
                Watchdog.run("pipeline round " + round, Duration.ofSeconds(120), () -> {
                    runRound(proxy, box, aux, cmds);
                    return null;
                });
                boolean cut = proxy.cut().isPresent();
                cutRounds += cut ? 1 : 0;
                if (cut) {
                    cutsBy.merge(dir + "/" + action, 1, Integer::sum);
                }
                int aborted = 0;
                for (Cmd c : cmds) {
                    outcomes.merge(c.outcome, 1, Integer::sum);
                    aborted += c.outcome == Outcome.ABORT ? 1 : 0;
                    if (c.outcome == Outcome.OTHER || c.outcome == Outcome.NO) {
                        problems.add("round " + r + " " + c.kind + " " + c.id + ": " + c.outcome + " " + c.detail);
                    }
                    if (c.kind == Kind.APPEND) {
                        int sent = proxy.occurrences(Direction.CLIENT_TO_SERVER, "X-Pipe-Id: " + c.id + "\r\n");
                        if (sent > 1) {
                            problems.add("round " + r + ": " + c.id + " reached the server " + sent + " times");
                        }
                        if (c.outcome == Outcome.NOT_SENT && sent != 0) {
                            problems.add("round " + r + ": " + c.id + " was not sent by the pipeline but reached the server");
                        }
                    }
                }
                inFlightAtCut += aborted;
                if (!cut && aborted > 0) {
                    problems.add("round " + r + ": " + aborted + " aborted without a cut");
                }
                if (cut && cmds.stream().anyMatch(c -> c.outcome == Outcome.OK || c.outcome == Outcome.ABORT)
                        && cmds.stream().noneMatch(c -> c.outcome == Outcome.ABORT)
                        && cmds.stream().anyMatch(c -> c.outcome == Outcome.NOT_SENT)) {
                    problems.add("round " + r + ": cut, commands left unsent, yet none aborted");
                }
            }
            maxRoundMs = Math.max(maxRoundMs, (System.nanoTime() - t0) / 1_000_000);

            // A fresh connection: what the server holds, then the work resumed.
            try (Imap4 check = connect(dovecot.host(), dovecot.imapPort())) {
                Map<String, List<Long>> held = inventory(check, box);
                for (Cmd c : cmds) {
                    if (c.kind != Kind.APPEND) {
                        continue;
                    }
                    allIds.add(c.id);
                    List<Long> at = held.getOrDefault(c.id, List.of());
                    boolean bad = switch (c.outcome) {
                        case OK -> at.size() != 1;
                        case NOT_SENT -> !at.isEmpty();
                        default -> at.size() > 1;
                    };
                    if (bad) {
                        problems.add("round " + round + ": " + c.id + " (" + c.outcome + ") is there " + at.size() + " times");
                    }
                    if (at.isEmpty()) {
                        ResponseCode.AppendUid u = check.append(box, null, (String) null, message(c.id, 300)).check().value();
                        stored.put(c.id, u.uids().toArray(Long.MAX_VALUE)[0]);
                        resumedAppends += c.outcome == Outcome.NOT_SENT ? 0 : 1;
                    } else {
                        stored.put(c.id, at.get(0));
                    }
                }
                check.select(box).check();
                for (Cmd c : cmds) {
                    if (c.kind != Kind.STORE) {
                        continue;
                    }
                    keywords.put(c.id, c.uid);
                    boolean set = hasKeyword(check, c.uid, c.id);
                    if (c.outcome == Outcome.OK && !set) {
                        problems.add("round " + round + ": STORE " + c.id + " reported OK, keyword missing");
                    }
                    if (!set) {
                        check.uidStore(Long.toString(c.uid), "+FLAGS", "(" + c.id + ")").check();
                        resumedStores++;
                    }
                }
                check.unselect();
            }
        }

        // The end: every message once, every keyword set.
        int once = 0;
        try (Imap4 check = connect(dovecot.host(), dovecot.imapPort())) {
            Map<String, List<Long>> held = inventory(check, box);
            for (String id : allIds) {
                int n = held.getOrDefault(id, List.of()).size();
                once += n == 1 ? 1 : 0;
                if (n != 1) {
                    problems.add("at the end " + id + " is there " + n + " times");
                }
            }
            if (held.size() != allIds.size()) {
                problems.add("at the end the mailbox holds " + held.size() + " ids, expected " + allIds.size());
            }
            check.select(box).check();
            for (Map.Entry<String, Long> k : keywords.entrySet()) {
                if (!hasKeyword(check, k.getValue(), k.getKey())) {
                    problems.add("at the end keyword " + k.getKey() + " is not set on " + k.getValue());
                }
            }
            check.unselect();
            check.delete(box);
            check.delete(aux);
        }

        System.out.printf(Locale.ROOT, "[pipechaos] seed %d, %d rounds of %d pipelined commands, %d rounds cut (%s)%n",
                SEED, ROUNDS, COMMANDS, cutRounds, cutsBy);
        System.out.printf(Locale.ROOT, "[pipechaos] outcomes %s; aborted in flight %d; slowest round %d ms%n",
                outcomes, inFlightAtCut, maxRoundMs);
        System.out.printf(Locale.ROOT, "[pipechaos] appends %d, at the end once %d; resumed appends %d, resumed stores %d; problems %d%n",
                allIds.size(), once, resumedAppends, resumedStores, problems.size());
        problems.stream().limit(20).forEach(p -> System.out.println("[pipechaos]   " + p));

        assertEquals(List.of(), problems);
        assertTrue(cutRounds >= ROUNDS / 2, "most rounds were cut: " + cutRounds);
        assertTrue(outcomes.get(Outcome.ABORT) > 0 && outcomes.get(Outcome.OK) > 0, outcomes.toString());
        assertFalse(allIds.isEmpty());
    }

    /** The round's commands: the first is always a STATUS (the cut is placed after it), then a seeded mix. */
    private static List<Cmd> plan(int round, Random random, List<Long> targets, List<String> allIds) {
        List<Cmd> cmds = new ArrayList<>();
        cmds.add(new Cmd(Kind.STATUS, null, 0));
        for (int i = 1; i < COMMANDS; i++) {
            Kind k = Kind.values()[random.nextInt(Kind.values().length)];
            if ((k == Kind.FETCH || k == Kind.STORE) && targets.isEmpty()) {
                k = Kind.APPEND;
            }
            String id = String.format(Locale.ROOT, "r%02d-m%02d", round, i);
            long uid = targets.isEmpty() ? 0 : targets.get(random.nextInt(targets.size()));
            cmds.add(new Cmd(k, k == Kind.STORE ? "$pc" + id.replace("-", "") : id, uid));
        }
        return cmds;
    }

    private static void runRound(FaultProxy proxy, String box, String aux, List<Cmd> cmds) {
        Imap4 imap;
        try {
            imap = connect(proxy.host(), proxy.port());
        } catch (IOException e) {
            for (Cmd c : cmds) {
                c.detail = "connect: " + e;
            }
            return;
        }
        try {
            imap.select(box).check();
            try (Pipeline p = imap.pipeline()) {
                for (Cmd c : cmds) {
                    try {
                        c.pending = switch (c.kind) {
                            case STATUS -> p.status(aux, "(MESSAGES UIDNEXT)");
                            case APPEND -> p.append(box, AppendMessage.of(message(c.id, 200 + c.id.hashCode() % 150 + 150)));
                            case FETCH -> p.uidFetch(Long.toString(c.uid), "(FLAGS BODY.PEEK[])");
                            case STORE -> p.uidStore(Long.toString(c.uid), "+FLAGS.SILENT", "(" + c.id + ")");
                        };
                    } catch (Imap4AbortException e) {
                        // the cut came while sending this one: it may have reached the server in part
                        c.outcome = Outcome.ABORT;
                        c.detail = e.getMessage();
                        break;
                    }
                }
                for (Cmd c : cmds) {
                    if (c.pending == null) {
                        continue;
                    }
                    try {
                        Result<?> res = c.pending.await();
                        c.outcome = res.isOk() ? Outcome.OK : Outcome.NO;
                        c.detail = res.type();
                    } catch (Imap4AbortException e) {
                        c.outcome = Outcome.ABORT;
                        c.detail = e.getMessage();
                    } catch (IOException | RuntimeException e) {
                        c.outcome = Outcome.OTHER;
                        c.detail = e.toString();
                    }
                }
            } catch (Imap4AbortException e) {
                // close() on a broken connection: every pending already has its outcome
            }
        } catch (IOException | RuntimeException e) {
            // the cut before the pipeline opened (select): nothing of the pipeline was sent
            for (Cmd c : cmds) {
                c.detail = "before the pipeline: " + e;
            }
            if (!(e instanceof Imap4AbortException)) {
                cmds.get(0).outcome = Outcome.OTHER;
            }
        } finally {
            imap.shutdown();
        }
    }

    private static Imap4 connect(String host, int port) throws IOException {
        Imap4 imap = new Imap4(host, port, ClientOptions.defaults().withTimeout(READ_TIMEOUT));
        try {
            imap.login(USER, PASS).check();
        } catch (IOException | RuntimeException e) {
            imap.shutdown();
            throw e;
        }
        return imap;
    }

    private static byte[] message(String id, int size) {
        StringBuilder sb = new StringBuilder("From: pipe@example.com\r\nSubject: pipeline chaos ").append(id)
                .append("\r\nX-Pipe-Id: ").append(id).append("\r\n\r\n");
        while (sb.length() < size) {
            sb.append("filler line of the pipelined message ").append(id).append("\r\n");
        }
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** X-Pipe-Id -> the UIDs of the messages holding it. */
    private static Map<String, List<Long>> inventory(Imap4 imap, String box) throws IOException {
        Map<String, List<Long>> held = new HashMap<>();
        long exists = imap.select(box, true).check().value().exists();
        if (exists > 0) {
            for (FetchData f : imap.fetch("1:*", "(UID BODY.PEEK[HEADER.FIELDS (X-Pipe-Id)])").check().value()) {
                for (byte[] b : f.sections().values()) {
                    Matcher m = ID.matcher(new String(b, StandardCharsets.US_ASCII));
                    if (m.find()) {
                        held.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(f.uid());
                    }
                }
            }
        }
        imap.unselect();
        return held;
    }

    private static boolean hasKeyword(Imap4 imap, long uid, String keyword) throws IOException {
        List<FetchData> f = imap.uidFetch(Long.toString(uid), "(FLAGS)").check().value();
        return !f.isEmpty() && f.get(0).flags().stream().anyMatch(keyword::equalsIgnoreCase);
    }
}
