// Turns the bytes of a log, arriving in arbitrary chunks, into complete lines. The decoder is a
// streaming one, so a multi-byte UTF-8 character cut in two by a chunk (or by a range read) is joined
// back instead of becoming two replacement characters; a "\r\n" cut in two still ends one line.
export class LogLineSplitter {
  private readonly decoder = new TextDecoder("utf-8");
  private partial = "";

  /** The lines that `bytes` completes, without their "\n" or "\r\n". */
  push(bytes: Uint8Array): string[] {
    const text = this.partial + this.decoder.decode(bytes, { stream: true });
    const lines = text.split("\n");
    this.partial = lines.pop() ?? "";
    return lines.map(withoutCarriageReturn);
  }

  /** The last line when the log does not end with a newline (and any bytes the decoder still held). */
  end(): string[] {
    const text = this.partial + this.decoder.decode();
    this.partial = "";
    // What the decoder still held can only be an incomplete character (shown as U+FFFD), never a newline.
    return text === "" ? [] : [withoutCarriageReturn(text)];
  }
}

function withoutCarriageReturn(line: string): string {
  return line.endsWith("\r") ? line.slice(0, -1) : line;
}
