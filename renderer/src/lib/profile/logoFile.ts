import type { LogoInput } from '../../../../shared/api/profileContract';

/** Reads a picked image as the API takes it; the core checks its bytes, so nothing is judged here but readability. */
export async function logoInputOf(file: File): Promise<LogoInput> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return { fileName: file.name, base64: btoa(binary) };
}
