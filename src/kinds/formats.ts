// The JSON Schema formats a custom kind checks strings against (without ajv-formats), and what `kind
// from-capture` asks before it names a format: one table, so an inferred schema never names a format
// its own example fails. Each means what JSON Schema says (RFC 3339, 5321, 4122, 3986; proved on the
// JSON Schema Test Suite): zod's own date-time, time, email and uuid checks are narrower. No pattern
// here repeats a group, so a value of megabytes is judged in one pass, never backtracked through.
import { z } from 'zod';

const DATE = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/;
// RFC 3339 full-time: the offset is required, `z` and `t` may be lower case (its section 5.6 note).
const TIME = /^([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.[0-9]+)?(?:[zZ]|([+-])([0-9]{2}):([0-9]{2}))$/;
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

function isDate(value: string): boolean {
  const match = DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  return days !== undefined && day >= 1 && day <= days;
}

function isTime(value: string): boolean {
  const match = TIME.exec(value);
  if (!match) return false;
  const [hour, minute, second] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const sign = match[4] === '-' ? -1 : 1;
  const [offsetHour, offsetMinute] = [Number(match[5] ?? 0), Number(match[6] ?? 0)];
  if (hour > 23 || minute > 59 || second > 60 || offsetHour > 23 || offsetMinute > 59) return false;
  // A leap second is inserted at 23:59:60 UTC only, whatever the local offset.
  const utcMinutes = (((hour * 60 + minute - sign * (offsetHour * 60 + offsetMinute)) % 1440) + 1440) % 1440;
  return second < 60 || utcMinutes === 23 * 60 + 59;
}

/** RFC 3339 date-time: a real calendar date and clock time (23:59:60 only as a leap second). */
export function isDateTime(value: string): boolean {
  return (value[10] === 'T' || value[10] === 't') && isDate(value.slice(0, 10)) && isTime(value.slice(11));
}

const isIPv4 = (value: string): boolean => z.ipv4().safeParse(value).success;
const isIPv6 = (value: string): boolean => z.ipv6().safeParse(value).success;

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
