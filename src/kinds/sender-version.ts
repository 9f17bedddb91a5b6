// Which release line of a sender a version falls in, and the delivery profile and payload
// generation that line has (HertzBeat changed its HTTP client and payload between releases).
import { UsageError } from '../errors.js';
import type { DeliveryProfile, Kind, SenderRelease } from './types.js';

export interface SenderChoice {
  /** The version asked for (or the newest), as x.y.z. */
  version: string | undefined;
  delivery: DeliveryProfile;
  /** The payload generation that version sends, when the kind has release lines. */
  variant: string | undefined;
  release: SenderRelease | undefined;
}

// The option every error here is about (--sender-version).
const FIELD = 'senderVersion';

/** The kind's delivery as the given version of its sender does it (the newest release by default). */
export function senderChoice(kind: Kind, asked?: string): SenderChoice {
  const versions = kind.senderVersions;
  if (!versions) {
    if (asked !== undefined) throw new UsageError(`${kind.id} has one delivery for every sender version`, 'only kinds whose sender changed its delivery between releases take a sender version (see whk kinds)', FIELD);
    return { version: undefined, delivery: kind.delivery, variant: undefined, release: undefined };
  }
  const version = normalise(asked ?? versions.newest, kind);
  const upTo = versions.upTo ?? versions.newest;
  if (compare(version, upTo) > 0) throw new UsageError(`${kind.id}: whk knows its sender up to ${upTo}, not ${version}`, undefined, FIELD);
  const release = [...versions.releases].reverse().find((line) => compare(version, line.from) >= 0);
  if (!release) throw new UsageError(`${kind.id}: whk knows its sender from ${versions.releases[0]?.from ?? versions.newest}, not ${version}`, undefined, FIELD);
  return { version, delivery: { ...kind.delivery, ...release.delivery }, variant: release.variant, release };
}

/**
 * The release a request goes as: the one asked for; given only a variant the newest release does not
 * send as it is, the release that does: the newest whose own variant it is (entity-oldest: 1.1.2),
 * the one its name ends with (flat-1.4.2, raw-template-1.7.0), or the newest that sends its
 * generation (flat: 1.6.1, without 1.8.0's Authorization header, since no release sent that pair).
 */
export function requestedSender(kind: Kind, request: { senderVersion?: string | undefined; variant?: string | undefined }): SenderChoice {
  const newest = senderChoice(kind, request.senderVersion);
  const { variant } = request;
  if (request.senderVersion !== undefined || variant === undefined || newest.variant === undefined || newest.variant === variant) return newest;
  const released = [...(kind.senderVersions?.releases ?? [])].filter((line) => compare(line.from, newest.version ?? line.from) <= 0).reverse();
  const own = released.find((line) => line.variant === variant);
  if (own) return senderChoice(kind, own.from);
  const named = /-(\d+\.\d+\.\d+)$/.exec(variant)?.[1];
  if (named !== undefined && released.some((line) => compare(named, line.from) >= 0)) return senderChoice(kind, named);
  if (!kind.lineConflict?.(variant, newest.variant)) return newest;
  const sending = released.find((line) => !kind.lineConflict?.(variant, line.variant));
  return sending ? senderChoice(kind, sending.from) : newest;
}

function normalise(raw: string, kind: Kind): string {
  const match = /^v?(\d+)\.(\d+)(?:\.(\d+))?$/.exec(raw.trim());
  if (!match) throw new UsageError(`invalid sender version '${raw}' for ${kind.id}`, 'give a release number, e.g. 1.8.0', FIELD);
  return `${Number(match[1])}.${Number(match[2])}.${Number(match[3] ?? 0)}`;
}

/** Compares x.y.z versions numerically. */
export function compare(a: string, b: string): number {
  const [pa, pb] = [a, b].map((v) => v.split('.').map(Number)) as [number[], number[]];
  for (let i = 0; i < 3; i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
}
