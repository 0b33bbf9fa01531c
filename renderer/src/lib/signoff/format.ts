import type { Signer } from '../../../../shared/api/signoffContract';

/** A SHA-256 in groups of 8 hex digits, so two people can read it out to each other. */
export function fingerprintGroups(fingerprint: string): string {
  return fingerprint.match(/.{1,8}/g)?.join(' ') ?? fingerprint;
}

/** The first two groups: enough to tell sign-offs apart on screen. */
export function shortFingerprint(fingerprint: string): string {
  return `${fingerprintGroups(fingerprint.slice(0, 16))}…`;
}

/** "Ana Ruiz", "Ana Ruiz and Tom Berg", "Ana Ruiz, Tom Berg and Li Wei". */
export function signerNames(signers: readonly Pick<Signer, 'name'>[]): string {
  const names = signers.map((signer) => signer.name);
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

/** "812 KB", "1.4 MB". */
export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
