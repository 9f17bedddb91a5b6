// The JSON Schema formats a custom kind checks strings against (without ajv-formats), and what `kind
// from-capture` asks before it names a format: one table, so an inferred schema never names a format
// its own example fails. Each means what JSON Schema says (RFC 3339, 5321, 4122, 3986; proved on the
// JSON Schema Test Suite): zod's own date-time, time, email and uuid checks are narrower. No pattern
// here repeats a group, so a value of megabytes is judged in one pass, never backtracked through.
import { lazySchema } from '../util/zod.js';

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

// Dates and times are read digit by digit where they stand, not matched and sliced: every metric
// alert a receiver judges checks its firedAt, and a match's groups, the slices and the arrays made
// per call were most of that check's cost.
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const ZERO = 48;

/** The number the `count` ASCII digits at `from` write, or -1 when one of them is no digit. */
function digitsAt(value: string, from: number, count: number): number {
  let number = 0;
  for (let i = from; i < from + count; i++) {
    const digit = value.charCodeAt(i) - ZERO;
    if (!(digit >= 0 && digit <= 9)) return -1;
    number = number * 10 + digit;
  }
  return number;
}

/** RFC 3339 full-date (YYYY-MM-DD) at `from`, ending at `to`: a real calendar date. */
function isDateAt(value: string, from: number, to: number): boolean {
  if (to - from !== 10 || value[from + 4] !== '-' || value[from + 7] !== '-') return false;
  const year = digitsAt(value, from, 4);
  const month = digitsAt(value, from + 5, 2);
  const day = digitsAt(value, from + 8, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] as number));
}

/**
 * RFC 3339 full-time at `from` to the end: hh:mm:ss, an optional fraction, then the offset, which is
 * required (`z` may be lower case, its section 5.6 note).
 */
function isTimeAt(value: string, from: number): boolean {
  if (value[from + 2] !== ':' || value[from + 5] !== ':') return false;
  const hour = digitsAt(value, from, 2);
  const minute = digitsAt(value, from + 3, 2);
  const second = digitsAt(value, from + 6, 2);
  let at = from + 8;
  if (value[at] === '.') {
    const fraction = ++at;
    while (digitsAt(value, at, 1) >= 0) at++;
    if (at === fraction) return false;
  }
  let offsetMinutes = 0;
  const zone = value[at];
  if (zone === 'Z' || zone === 'z') at++;
  else if (zone === '+' || zone === '-') {
    if (value[at + 3] !== ':') return false;
    const offsetHour = digitsAt(value, at + 1, 2);
    const offsetMinute = digitsAt(value, at + 4, 2);
    if (offsetHour < 0 || offsetHour > 23 || offsetMinute < 0 || offsetMinute > 59) return false;
    offsetMinutes = (zone === '-' ? -1 : 1) * (offsetHour * 60 + offsetMinute);
    at += 6;
  } else return false;
  if (at !== value.length || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60) return false;
  // A leap second is inserted at 23:59:60 UTC only, whatever the local offset.
  const utcMinutes = (((hour * 60 + minute - offsetMinutes) % 1440) + 1440) % 1440;
  return second < 60 || utcMinutes === 23 * 60 + 59;
}

function isDate(value: string): boolean {
  return isDateAt(value, 0, value.length);
}

function isTime(value: string): boolean {
  return isTimeAt(value, 0);
}

/** RFC 3339 date-time: a real calendar date and clock time (23:59:60 only as a leap second). */
export function isDateTime(value: string): boolean {
  return (value[10] === 'T' || value[10] === 't') && isDateAt(value, 0, 10) && isTimeAt(value, 11);
}

const ipv4 = lazySchema((z) => z.ipv4());
const ipv6 = lazySchema((z) => z.ipv6());
const isIPv4 = (value: string): boolean => ipv4().safeParse(value).success;
const isIPv6 = (value: string): boolean => ipv6().safeParse(value).success;

// RFC 5321's Mailbox (section 4.1.2): a dot-string or quoted local part, a domain or an address literal.
const ATOM = /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~]+$/;
const LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/;

function isEmail(value: string): boolean {
  // A quoted local part may hold '@'; a domain or address literal never does.
  const at = value.lastIndexOf('@');
  if (at <= 0) return false;
  const local = value.slice(0, at);
  const domain = value.slice(at + 1);
  const localOk = local.startsWith('"') ? isQuoted(local) : local.split('.').every((atom) => ATOM.test(atom));
  return localOk && (domain.startsWith('[') ? isAddressLiteral(domain) : domain.split('.').every((label) => LABEL.test(label)));
}

/** A quoted string: its content checked character by character (a pattern repeating the pair would backtrack). */
function isQuoted(local: string): boolean {
  if (local.length < 2 || !local.endsWith('"')) return false;
  for (let i = 1; i < local.length - 1; i++) {
    const code = local.charCodeAt(i);
    if (code === 0x5c) {
      const next = local.charCodeAt(++i);
      if (i === local.length - 1 || next < 0x20 || next > 0x7e) return false;
    } else if (code < 0x20 || code > 0x7e || code === 0x22) return false;
  }
  return true;
}

// General address literals (a tag other than IPv6) need a tag registered with IANA: there is none.
function isAddressLiteral(domain: string): boolean {
  if (!domain.endsWith(']')) return false;
  const inside = domain.slice(1, -1);
  return /^ipv6:/i.test(inside) ? isIPv6(inside.slice(5)) : isIPv4(inside);
}

// RFC 3986's characters: a set of them is tested in one class, and every '%' must start a triplet.
const UNRESERVED_SUB_DELIMS = "A-Za-z0-9\\-._~!$&'()*+,;=";
const PATH = new RegExp(`^[${UNRESERVED_SUB_DELIMS}:@/%]*$`);
const QUERY = new RegExp(`^[${UNRESERVED_SUB_DELIMS}:@/?%]*$`);
const USERINFO = new RegExp(`^[${UNRESERVED_SUB_DELIMS}:%]*$`);
const REG_NAME = new RegExp(`^[${UNRESERVED_SUB_DELIMS}%]*$`);
const IP_FUTURE = new RegExp(`^[vV][0-9A-Fa-f]+\\.[${UNRESERVED_SUB_DELIMS}:]+$`);
const BAD_PERCENT = /%(?![0-9A-Fa-f]{2})/;
const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*$/;

const chars = (set: RegExp, text: string): boolean => set.test(text) && !BAD_PERCENT.test(text);

/** An absolute URI: scheme ":" hier-part ["?" query] ["#" fragment]. */
function isUri(value: string): boolean {
  const colon = value.indexOf(':');
  if (colon === -1 || !SCHEME.test(value.slice(0, colon))) return false;
  const hash = value.indexOf('#');
  const fragment = hash === -1 ? '' : value.slice(hash + 1);
  const beforeHash = hash === -1 ? value : value.slice(0, hash);
  const question = beforeHash.indexOf('?');
  const query = question === -1 ? '' : beforeHash.slice(question + 1);
  const hier = (question === -1 ? beforeHash : beforeHash.slice(0, question)).slice(colon + 1);
  if (!chars(QUERY, query) || !chars(QUERY, fragment)) return false;
  if (!hier.startsWith('//')) return chars(PATH, hier);
  const slash = hier.indexOf('/', 2);
  return isAuthority(slash === -1 ? hier.slice(2) : hier.slice(2, slash)) && (slash === -1 || chars(PATH, hier.slice(slash)));
}

/** [userinfo "@"] host [":" port], the host a reg-name, an IPv4 address (a reg-name too) or an IP literal. */
function isAuthority(authority: string): boolean {
  const at = authority.lastIndexOf('@');
  if (at !== -1 && !chars(USERINFO, authority.slice(0, at))) return false;
  const hostPort = authority.slice(at + 1);
  const bracketed = hostPort.startsWith('[');
  const close = bracketed ? hostPort.indexOf(']') : -1;
  if (bracketed && close === -1) return false;
  // A reg-name may be empty (file:///etc/hosts).
  const hostEnd = bracketed ? close + 1 : hostPort.includes(':') ? hostPort.indexOf(':') : hostPort.length;
  const port = hostPort.slice(hostEnd);
  if (port !== '' && !/^:[0-9]*$/.test(port)) return false;
  if (!bracketed) return chars(REG_NAME, hostPort.slice(0, hostEnd));
  const literal = hostPort.slice(1, close);
  return IP_FUTURE.test(literal) || isIPv6(literal);
}

export const FORMATS = {
  'date-time': isDateTime,
  date: isDate,
  time: isTime,
  email: isEmail,
  uuid: (v) => UUID.test(v),
  uri: isUri,
  ipv4: isIPv4,
  ipv6: isIPv6,
} satisfies Record<string, (value: string) => boolean>;
