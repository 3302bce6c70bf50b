package dev.imap4lib.response;
import dev.imap4lib.wire.*;
import java.util.*;
/** STUB */
public record ResponseCode(String name, String argument) {
  public record AppendUid(long uidValidity, SequenceSet uids) {}
  public record CopyUid(long uidValidity, SequenceSet source, SequenceSet destination) {}
  public static ResponseCode parse(Tokenizer t) throws ResponseFormatException {
    t.expect('['); int s=t.position(); String n=t.atom(); String a="";
    if (t.tryByte(' ')) { int as=t.position(); while(!t.atEnd() && t.peek()!=']') t.position(t.position()+1); a=t.text(as);} 
    t.expect(']'); return new ResponseCode(n.toUpperCase(Locale.ROOT), a); }
  public boolean isReadOnly(){return name.equals("READ-ONLY");}
  public boolean isAlert(){return name.equals("ALERT");}
  public List<String> capabilities(){return List.of(argument.split(" "));}
  public List<String> permanentFlags(){return List.of();}
  public AppendUid appendUid(){return null;}
  public CopyUid copyUid(){return null;}
  public long number(){return Long.parseLong(argument.trim());}
}
