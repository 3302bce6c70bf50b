package dev.imap4lib.response;
/** STUB */
public final class SequenceSet { public static SequenceSet parse(String s){return new SequenceSet();} }
