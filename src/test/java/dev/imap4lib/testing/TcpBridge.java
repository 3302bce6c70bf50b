package dev.imap4lib.testing;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code java -cp <test-classes> dev.imap4lib.testing.TcpBridge HOST PORT}: connects to HOST:PORT
 * and copies the socket to stdout and stdin to the socket, so a test can run it as the child
 * process of an IMAP4_stream-style transport. JDK only.
 *
 * <p>Exits as soon as either side closes: status 0 when the server closed or stdin reached EOF, 1
 * on an I/O error (message on stderr), 2 on bad arguments. Writes are unbuffered and flushed.
 */
public final class TcpBridge {

    private TcpBridge() {
    }

    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: TcpBridge HOST PORT");
            System.exit(2);
        }
        int port;
        try {
            port = Integer.parseInt(args[1]);
        } catch (NumberFormatException e) {
            System.err.println("TcpBridge: bad port " + args[1]);
            System.exit(2);
            return;
        }
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(args[0], port), 10_000);
            socket.setTcpNoDelay(true);
        } catch (IOException e) {
            System.err.println("TcpBridge: cannot connect to " + args[0] + ":" + port + ": " + e);
            System.exit(1);
        }
        CountDownLatch finished = new CountDownLatch(1);
        AtomicInteger status = new AtomicInteger(0);
        // System.out/System.in are avoided: PrintStream swallows write errors and buffers.
        InputStream stdin = new FileInputStream(FileDescriptor.in);
        OutputStream stdout = new FileOutputStream(FileDescriptor.out);
        try {
            start("socket-to-stdout", socket.getInputStream(), stdout, finished, status);
            start("stdin-to-socket", stdin, socket.getOutputStream(), finished, status);
        } catch (IOException e) {
            System.err.println("TcpBridge: " + e);
            System.exit(1);
        }
        int exit;
        try {
            finished.await();
            exit = status.get(); // read before closing the socket makes the other copier fail
        } catch (InterruptedException e) {
            exit = 1;
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // exiting anyway
        }
        System.exit(exit);
    }

    private static void start(String name, InputStream from, OutputStream to, CountDownLatch finished,
            AtomicInteger status) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[16 * 1024];
            try {
                int n;
                while ((n = from.read(buf)) >= 0) {
                    to.write(buf, 0, n);
                    to.flush();
                }
            } catch (IOException e) {
                System.err.println("TcpBridge " + name + ": " + e);
                status.compareAndSet(0, 1);
            } finally {
                finished.countDown();
            }
        }, name);
        t.setDaemon(true);
        t.start();
    }
}
