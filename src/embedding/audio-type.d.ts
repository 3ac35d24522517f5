// audio-type ships no typings; these are the functions we use from it.
declare module "audio-type" {
  /** Container/codec name sniffed from magic bytes ("wav", "mp3", "oga", "opus", "flac", "m4a", ...). */
  export default function audioType(bytes: Uint8Array): string | undefined;
  /** Byte offset just past a leading ID3v2 tag (0 when there is none). */
  export function skipId3(bytes: Uint8Array): number;
}
