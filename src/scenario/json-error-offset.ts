/**
 * Where JSON text first goes wrong, for error messages: the offset of the first character that cannot
 * continue a valid JSON document, `text.length` when the text ends too early, or -1 when it is valid.
 * Needed because JSON.parse names the position for some syntax errors but not for others (e.g. V8's
 * "Unexpected token 'x', … is not valid JSON"). Iterative, so deeply nested input cannot overflow the stack.
 */
export function jsonErrorOffset(text: string): number {
  const n = text.length;
  let i = 0;
  const open: string[] = []; // the closing bracket each open container is waiting for

  const skipSpace = (): void => {
    while (i < n && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };
  const digits = (): boolean => {
    const start = i;
    while (i < n && text[i]! >= '0' && text[i]! <= '9') i++;
    return i > start;
  };
  const string = (): boolean => {
    i++; // the opening quote
    while (i < n) {
      const c = text[i]!;
      if (c === '"') {
        i++;
        return true;
      }
      if (c < ' ') return false;
      if (c === '\\') {
        i++;
        if (i < n && text[i] === 'u') {
          for (let k = 0; k < 4; k++) {
            i++;
            if (i < n && !/[0-9A-Fa-f]/.test(text[i]!)) return false;
          }
        } else if (i < n && !'"\\/bfnrt'.includes(text[i]!)) return false;
      }
      i++;
    }
    return false;
  };
  const number = (): boolean => {
    if (text[i] === '-') i++;
    if (text[i] === '0') i++;
    else if (!digits()) return false;
    if (text[i] === '.') {
      i++;
      if (!digits()) return false;
    }
    if (text[i] === 'e' || text[i] === 'E') {
      i++;
      if (text[i] === '+' || text[i] === '-') i++;
      if (!digits()) return false;
    }
    return true;
  };
  const literal = (word: string): boolean => {
    for (const c of word) {
      if (text[i] !== c) return false;
      i++;
    }
    return true;
  };
  /** A member name and its colon; true when a value should follow. */
  const memberName = (): boolean => {
    skipSpace();
    if (text[i] !== '"' || !string()) return false;
    skipSpace();
    if (text[i] !== ':') return false;
    i++;
    return true;
  };

  for (;;) {
    // Expecting a value.
    skipSpace();
    if (i >= n) return n;
    const c = text[i]!;
    let complete = true;
    if (c === '{' || c === '[') {
      i++;
      skipSpace();
      if (text[i] === (c === '{' ? '}' : ']')) i++;
      else {
        open.push(c === '{' ? '}' : ']');
        if (c === '{' && !memberName()) return Math.min(i, n);
        complete = false;
      }
    } else if (c === '"') {
      if (!string()) return Math.min(i, n);
    } else if (c === '-' || (c >= '0' && c <= '9')) {
      if (!number()) return Math.min(i, n);
    } else if (!literal(c === 't' ? 'true' : c === 'f' ? 'false' : 'null')) {
      return Math.min(i, n);
    }
    if (!complete) continue;
    // After a value: close containers until one expects another member.
    for (;;) {
      skipSpace();
      if (open.length === 0) return i >= n ? -1 : i;
      if (i >= n) return n;
      if (text[i] === open[open.length - 1]) {
        open.pop();
        i++;
        continue;
      }
      if (text[i] !== ',') return i;
      i++;
      if (open[open.length - 1] === '}' && !memberName()) return Math.min(i, n);
      break;
    }
  }
}
