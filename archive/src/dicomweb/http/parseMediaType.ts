/**
 * Media type syntax shared by Content-Type and Accept (RFC 9110 8.3.1 and 5.6.6):
 *
 *   media-type = type "/" subtype parameters
 *   parameters = *( OWS ";" OWS [ parameter ] )
 *   parameter  = parameter-name "=" parameter-value
 *   parameter-value = ( token / quoted-string )
 *
 * Type, subtype and parameter names are case-insensitive and come back
 * lower-cased; parameter values keep their case (a boundary is case-sensitive,
 * RFC 2046 5.1.1). Two leniencies that real DICOMweb clients need: an unquoted
 * value may contain "/" (Cornerstone3D sends `type=application/octet-stream`),
 * and whitespace around "=" is skipped.
 */
export interface MediaType {
  type: string;
  subtype: string;
  params: Record<string, string>;
}

/** A media type with its parameters in header order, duplicates kept. */
export interface MediaTypeParts {
  type: string;
  subtype: string;
  parameters: Array<[name: string, value: string]>;
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const TOKEN_AT = /[!#$%&'*+.^_`|~0-9A-Za-z-]+/y;

export function isToken(value: string): boolean {
  return TOKEN.test(value);
}

/**
 * Parses one media type (or media range) without deciding what its
 * parameters mean. Undefined when the text is not a media type; Accept
 * parsing uses the ordered list because "q" separates media-range
 * parameters from accept-ext (RFC 9110 12.5.1).
 */
export function parseMediaTypeParts(text: string): MediaTypeParts | undefined {
  const scanner = new Scanner(text);
  scanner.skipWhitespace();
  const type = scanner.readToken();
  if (type === '' || !scanner.consume('/')) return undefined;
  const subtype = scanner.readToken();
  if (subtype === '') return undefined;
  const parameters: Array<[string, string]> = [];
  for (;;) {
    scanner.skipWhitespace();
    if (scanner.atEnd()) break;
    if (!scanner.consume(';')) return undefined;
    scanner.skipWhitespace();
    if (scanner.atEnd() || scanner.peek() === ';') continue;
    const name = scanner.readToken();
    if (name === '') return undefined;
    scanner.skipWhitespace();
    if (!scanner.consume('=')) return undefined;
    scanner.skipWhitespace();
    const value = scanner.peek() === '"' ? scanner.readQuotedString() : scanner.readBareValue();
    if (value === undefined) return undefined;
    parameters.push([name.toLowerCase(), value]);
  }
  return { type: type.toLowerCase(), subtype: subtype.toLowerCase(), parameters };
}

/**
 * Parses a Content-Type style media type. A parameter given twice makes the
 * whole value ambiguous (RFC 6838 4.3), so it is rejected like any other
 * syntax error.
 */
export function parseMediaType(text: string): MediaType | undefined {
  const parts = parseMediaTypeParts(text);
  if (parts === undefined) return undefined;
  const params = paramsRecord(parts.parameters);
  if (params === undefined) return undefined;
  return { type: parts.type, subtype: parts.subtype, params };
}

/** Builds a parameter record; undefined when a name repeats. */
export function paramsRecord(parameters: ReadonlyArray<readonly [string, string]>): Record<string, string> | undefined {
  const seen = new Map<string, string>();
  for (const [name, value] of parameters) {
    if (seen.has(name)) return undefined;
    seen.set(name, value);
  }
  // fromEntries defines own properties, so a parameter called __proto__ stays data.
  return Object.fromEntries(seen);
}

/**
 * Splits a comma-separated header list (RFC 9110 5.6.1), ignoring commas
 * inside quoted strings, dropping empty elements.
 */
export function splitHeaderList(text: string): string[] {
  const items: string[] = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '\\') i++;
      else if (c === '"') quoted = false;
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      items.push(text.slice(start, i));
      start = i + 1;
    }
  }
  items.push(text.slice(start));
  return items.map((item) => item.trim()).filter((item) => item !== '');
}

/**
 * Formats a parameter value as a token when it is one, else as a quoted
 * string (RFC 2045 5.1: values with tspecials such as "/" must be quoted).
 * Throws on CR, LF and NUL, which no header may carry: that is a bug in the
 * caller, not a client error.
 */
export function formatParameterValue(value: string): string {
  if (/[\r\n\0]/.test(value)) throw new TypeError(`Header parameter value contains a line break or NUL: ${JSON.stringify(value)}`);
  if (isToken(value)) return value;
  return `"${value.replace(/["\\]/g, '\\$&')}"`;
}

class Scanner {
  private i = 0;

  constructor(private readonly text: string) {}

  atEnd(): boolean {
    return this.i >= this.text.length;
  }

  peek(): string | undefined {
    return this.text[this.i];
  }

  consume(c: string): boolean {
    if (this.text[this.i] !== c) return false;
    this.i++;
    return true;
  }

  skipWhitespace(): void {
    while (this.text[this.i] === ' ' || this.text[this.i] === '\t') this.i++;
  }

  readToken(): string {
    TOKEN_AT.lastIndex = this.i;
    const match = TOKEN_AT.exec(this.text);
    if (match === null) return '';
    this.i = TOKEN_AT.lastIndex;
    return match[0];
  }

  /** An unquoted value: a token, leniently also allowing "/" and other visible characters. */
  readBareValue(): string | undefined {
    const start = this.i;
    for (;;) {
      const c = this.text[this.i];
      if (c === undefined || c === ';' || c === ' ' || c === '\t' || c === '"' || c === ',' || c < '!' || c > '~') break;
      this.i++;
    }
    return this.i > start ? this.text.slice(start, this.i) : undefined;
  }

  readQuotedString(): string | undefined {
    this.i++; // opening quote
    let value = '';
    for (;;) {
      const c = this.text[this.i++];
      if (c === undefined) return undefined;
      if (c === '"') return value;
      if (c === '\\') {
        const escaped = this.text[this.i++];
        if (escaped === undefined) return undefined;
        value += escaped;
      } else {
        value += c;
      }
    }
  }
}
